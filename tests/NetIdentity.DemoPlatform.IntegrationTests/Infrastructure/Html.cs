using System.Text.RegularExpressions;

namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>Just enough HTML reading for the forum's pages, which mark what tests need with <c>data-</c> attributes.</summary>
internal static partial class Html
{
    /// <summary>The markup from the element whose opening tag carries <paramref name="attribute"/> to the end of <paramref name="closing"/>.</summary>
    public static string Section(string page, string attribute, string closing)
    {
        var start = page.IndexOf(attribute, StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page has no element with {attribute}.");
        var end = page.IndexOf(closing, start, StringComparison.Ordinal);
        Assert.True(end >= 0, $"The element with {attribute} has no {closing}.");
        return page[start..(end + closing.Length)];
    }

    /// <summary>The markup of the table row <c>tr[data-…=name]</c> of <paramref name="section"/>.</summary>
    public static string Row(string section, string attribute, string name) =>
        Section(section, $"{attribute}=\"{name}\"", "</tr>");

    /// <summary>Every value of <paramref name="attribute"/> in <paramref name="markup"/>, in order.</summary>
    public static IReadOnlyList<string> Values(string markup, string attribute) =>
        [.. Regex.Matches(markup, Regex.Escape(attribute) + "=\"([^\"]*)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The values of <paramref name="attribute"/> on list items whose class list includes <paramref name="className"/>.</summary>
    public static IReadOnlyList<string> ValuesWithClass(string markup, string attribute, string className) =>
        ValuesWhere(markup, attribute, "class", value => value.Split(' ').Contains(className));

    /// <summary>The values of <paramref name="attribute"/> on list items whose <paramref name="other"/> attribute matches <paramref name="predicate"/>.</summary>
    public static IReadOnlyList<string> ValuesWhere(string markup, string attribute, string other, Func<string, bool> predicate) =>
        [.. ListItem().Matches(markup)
            .Where(m => Values(m.Value, other).Any(predicate))
            .SelectMany(m => Values(m.Value, attribute))];

    /// <summary>The text of each <c>code</c> element of <paramref name="markup"/>, in order.</summary>
    public static IReadOnlyList<string> Codes(string markup) =>
        [.. Code().Matches(markup).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<code[^>]*>([^<]*)</code>")]
    private static partial Regex Code();

    [GeneratedRegex("<li [^>]*>")]
    private static partial Regex ListItem();
}
