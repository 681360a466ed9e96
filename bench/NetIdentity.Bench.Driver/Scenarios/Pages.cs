using System.Net;
using System.Text.RegularExpressions;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// What the driver reads from the broker's pages: the markers docs/mock-authority.md
/// ("Scripting a login") documents for scripts, the same ones the integration tests read.
/// </summary>
internal static partial class Pages
{
    public static string? Antiforgery(string html) => AntiforgeryToken().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static string? BizSeq(string html) => BizSeqAttribute().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static string? MatchCode(string html) => MatchCodeAttribute().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// The NI code a failure page shows (<c>data-error-code</c>). Only that attribute: any page may
    /// hold "NI" and four digits by chance (in an antiforgery token, a data: image), and reading
    /// those as a code once reported a normal consent page as a failure.
    /// </summary>
    public static string? ErrorCode(string html) => ErrorCodeAttribute().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The NI code an OAuth <c>error_description</c> starts with (docs/errors/README.md).</summary>
    public static string? DescriptionCode(string description) =>
        DescriptionStart().Match(WebUtility.UrlDecode(description).TrimStart()) is { Success: true } n ? n.Value : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-biz-seq=\"([A-Za-z0-9]{32})\"")]
    private static partial Regex BizSeqAttribute();

    [GeneratedRegex("data-match-code=\"([0-9]+)\"")]
    private static partial Regex MatchCodeAttribute();

    [GeneratedRegex("data-error-code=\"(NI[0-9]{4})\"")]
    private static partial Regex ErrorCodeAttribute();

    [GeneratedRegex("^NI[0-9]{4}")]
    private static partial Regex DescriptionStart();
}
