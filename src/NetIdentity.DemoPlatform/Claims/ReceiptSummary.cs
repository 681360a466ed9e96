using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// A consent receipt (docs/claims.md, "Consent receipts") as this forum shows it: the consent's
/// ledger id (the receipt's <c>jti</c>), its items and decision, and when it was signed. Never the
/// signed JWT itself, which only the kept-data store holds (and serves as a file on request).
/// </summary>
/// <param name="Jti">The receipt's <c>jti</c>: the broker's id of the consent (a withdrawal event's <c>consent_id</c>); empty when unreadable.</param>
/// <param name="Items">The consent's items (<c>netid.age</c>, <c>netid.masked</c>, <c>netid.identity</c>).</param>
/// <param name="Decision">The decision (<c>granted</c>).</param>
/// <param name="IssuedAt">The receipt's <c>iat</c>, seconds since the epoch.</param>
internal sealed record ReceiptSummary(
    [property: JsonPropertyName("jti")] string Jti,
    [property: JsonPropertyName("items")] IReadOnlyList<string> Items,
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("iat")] long? IssuedAt)
{
    private static readonly ReceiptSummary Unreadable = new(string.Empty, [], null, null);

    /// <summary>Whether the receipt could be read at all.</summary>
    [JsonIgnore]
    public bool Readable => Jti.Length > 0;

    /// <summary>
    /// The receipts of a <c>netid_consent_receipts</c> value: an array of signed JWTs as the broker
    /// sends them, or of summaries as the session keeps them.
    /// </summary>
    public static IReadOnlyList<ReceiptSummary> From(JsonElement value) =>
        value.ValueKind != JsonValueKind.Array ? [] : [.. value.EnumerateArray().Select(Of)];

    /// <summary>The receipts of a kept <c>netid_consent_receipts</c> value (the JSON array, as received).</summary>
    public static IReadOnlyList<ReceiptSummary> FromKept(string? keptValue) =>
        [.. SignedReceipts(keptValue).Select(FromJwt)];

    /// <summary>The signed receipts (compact JWTs) of a kept <c>netid_consent_receipts</c> value.</summary>
    public static IReadOnlyList<string> SignedReceipts(string? keptValue)
    {
        if (string.IsNullOrWhiteSpace(keptValue))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(keptValue);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The summary of one signed receipt, read without verifying it (the forum got it from the broker's userinfo endpoint directly).</summary>
    public static ReceiptSummary FromJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return Unreadable;
        }

        try
        {
            using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[1])));
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jti", out var jti) || jti.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(jti.GetString()))
            {
                return Unreadable;
            }

            var consent = root.TryGetProperty("consent", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            return new ReceiptSummary(
                jti.GetString()!,
                consent.ValueKind == JsonValueKind.Object && consent.TryGetProperty("items", out var items) ? Strings(items) : [],
                consent.ValueKind == JsonValueKind.Object && consent.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.String
                    ? decision.GetString() : null,
                root.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var seconds) ? seconds : null);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return Unreadable;
        }
    }

    private static ReceiptSummary Of(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return FromJwt(element.GetString()!);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return Unreadable;
        }

        try
        {
            return element.Deserialize<ReceiptSummary>() is { Jti: not null, Items: not null } summary ? summary : Unreadable;
        }
        catch (JsonException)
        {
            return Unreadable;
        }
    }

    private static IReadOnlyList<string> Strings(JsonElement array) =>
        array.ValueKind != JsonValueKind.Array ? [] : [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
}
