using System.Globalization;
using System.Text.Json;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>Where the value a row shows comes from.</summary>
internal enum ClaimValueSource
{
    /// <summary>The answer itself, as the session keeps it.</summary>
    Received,

    /// <summary>
    /// Plaintext identity: the session keeps only the claim's name; the value shown is the one the
    /// forum keeps under the person's separate consent.
    /// </summary>
    Kept,

    /// <summary>Plaintext identity the forum no longer keeps (the consent was withdrawn): no value.</summary>
    Deleted,
}

/// <summary>One receipt as a row shows it.</summary>
/// <param name="Summary">What the receipt says.</param>
/// <param name="Downloadable">Whether the forum keeps the signed receipt, so it can be downloaded.</param>
/// <param name="Withdrawn">Whether a withdrawal of this consent was received.</param>
internal sealed record ReceiptView(ReceiptSummary Summary, bool Downloadable, bool Withdrawn);

/// <summary>One claim as the forum received it, with what it means.</summary>
/// <param name="Name">The claim's name as sent (<c>sub</c>, <c>acr</c>…).</param>
/// <param name="Value">The value as sent; null when it is not shown (<see cref="ClaimValueSource.Deleted"/>).</param>
/// <param name="Time">For times: the value as a Beijing time.</param>
/// <param name="Explanation">What it means.</param>
/// <param name="Known">Whether this page knows the claim.</param>
internal sealed record ClaimRow(string Name, string? Value, string? Time, Explanation Explanation, bool Known)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Where <see cref="Value"/> comes from.</summary>
    public ClaimValueSource Source { get; init; } = ClaimValueSource.Received;

    /// <summary>For <c>netid_consent_receipts</c>: the receipts, shown instead of the raw value.</summary>
    public IReadOnlyList<ReceiptView>? Receipts { get; init; }

    /// <summary>A consent-bearing claim received at login whose kept copy the forum has since deleted.</summary>
    public bool NoLongerKept { get; init; }

    /// <summary>
    /// The claims of a JSON object (an ID token's payload, a userinfo answer as the session keeps
    /// it), in the order sent. Plaintext identity is never shown from <paramref name="payload"/>:
    /// only from <paramref name="kept"/>, and not at all once the forum deleted it.
    /// </summary>
    /// <param name="payload">The claims.</param>
    /// <param name="kept">What the forum keeps for the person (claim name → value), if anything.</param>
    /// <param name="withdrawnConsents">The consent ids of the withdrawals received for the person.</param>
    public static IReadOnlyList<ClaimRow> From(JsonElement payload, IReadOnlyDictionary<string, string>? kept, IReadOnlySet<string> withdrawnConsents)
    {
        ArgumentNullException.ThrowIfNull(withdrawnConsents);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return payload.EnumerateObject().Select(property =>
        {
            var (explanation, known) = ClaimExplanations.For(property.Name);
            string? keptValue = null;
            var isKept = kept is not null && kept.TryGetValue(property.Name, out keptValue);
            if (ConsentScopes.IsPlaintext(property.Name))
            {
                return isKept
                    ? new ClaimRow(property.Name, keptValue, null, explanation, known) { Source = ClaimValueSource.Kept }
                    : new ClaimRow(property.Name, null, null, explanation, known) { Source = ClaimValueSource.Deleted };
            }

            var noLongerKept = KeptClaims.IsKept(property.Name) && !isKept;
            if (property.Name == ConsentScopes.ReceiptsClaim)
            {
                var downloadable = ReceiptSummary.FromKept(keptValue).Where(r => r.Readable).Select(r => r.Jti).ToHashSet(StringComparer.Ordinal);
                var receipts = ReceiptSummary.From(property.Value)
                    .Select(r => new ReceiptView(r, r.Readable && downloadable.Contains(r.Jti), r.Readable && withdrawnConsents.Contains(r.Jti)))
                    .ToList();
                return new ClaimRow(property.Name, receipts.Count.ToString(CultureInfo.InvariantCulture), null, explanation, known)
                {
                    Receipts = receipts,
                    NoLongerKept = noLongerKept,
                };
            }

            return new ClaimRow(property.Name, Text(property.Value), TimeOf(property.Name, property.Value), explanation, known) { NoLongerKept = noLongerKept };
        }).ToList();
    }

    /// <summary>The rows of what the forum keeps (claim name → value as kept).</summary>
    public static IReadOnlyList<ClaimRow> FromKept(IReadOnlyDictionary<string, string> kept, IReadOnlySet<string> withdrawnConsents)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(withdrawnConsents);
        return kept.Select(pair =>
        {
            var (explanation, known) = ClaimExplanations.For(pair.Key);
            if (pair.Key == ConsentScopes.ReceiptsClaim)
            {
                var receipts = ReceiptSummary.FromKept(pair.Value)
                    .Select(r => new ReceiptView(r, r.Readable, r.Readable && withdrawnConsents.Contains(r.Jti)))
                    .ToList();
                return new ClaimRow(pair.Key, receipts.Count.ToString(CultureInfo.InvariantCulture), null, explanation, known) { Receipts = receipts };
            }

            return new ClaimRow(pair.Key, pair.Value, TimeOf(pair.Key, pair.Value), explanation, known);
        }).ToList();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };

    private static string? TimeOf(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? TimeOf(name, seconds) : null;

    private static string? TimeOf(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeOf(name, seconds) : null;

    private static string? TimeOf(string name, long seconds)
    {
        if (!ClaimExplanations.Times.Contains(name) || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(Beijing);
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (北京时间 Beijing time, UTC+8)";
    }
}

/// <summary>The claims of one answer (<c>id_token</c> or <c>userinfo</c>), as one table.</summary>
internal sealed record ClaimTable(string Source, IReadOnlyList<ClaimRow> Rows);
