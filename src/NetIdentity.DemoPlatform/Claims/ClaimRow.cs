using System.Globalization;
using System.Text.Json;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>One claim as the forum received it, with what it means.</summary>
/// <param name="Name">The claim's name as sent (<c>sub</c>, <c>acr</c>…).</param>
/// <param name="Value">The value as sent.</param>
/// <param name="Time">For times: the value as a Beijing time.</param>
/// <param name="Explanation">What it means.</param>
/// <param name="Known">Whether this page knows the claim.</param>
internal sealed record ClaimRow(string Name, string Value, string? Time, Explanation Explanation, bool Known)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The claims of a JSON object (an ID token's payload, a userinfo answer), in the order sent.</summary>
    public static IReadOnlyList<ClaimRow> From(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return payload.EnumerateObject().Select(property =>
        {
            var (explanation, known) = ClaimExplanations.For(property.Name);
            return new ClaimRow(property.Name, Text(property.Value), TimeOf(property.Name, property.Value), explanation, known);
        }).ToList();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };

    private static string? TimeOf(string name, JsonElement value)
    {
        if (!ClaimExplanations.Times.Contains(name) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(Beijing);
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (北京时间 Beijing time, UTC+8)";
    }
}

/// <summary>The claims of one answer (<c>id_token</c> or <c>userinfo</c>), as one table.</summary>
internal sealed record ClaimTable(string Source, IReadOnlyList<ClaimRow> Rows);
