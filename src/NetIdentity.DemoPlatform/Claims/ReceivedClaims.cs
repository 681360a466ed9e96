using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// Everything the forum received at login, read back from its own session: the ID token's
/// payload (the token itself is never shown or logged) and the userinfo answer as the session
/// keeps it (<see cref="SessionUserInfo"/>: no plaintext identity, receipts summarised), with the
/// plaintext identity filled in from what the forum still keeps.
/// </summary>
internal sealed class ReceivedClaims
{
    private ReceivedClaims(IReadOnlyList<ClaimRow> idToken, IReadOnlyList<ClaimRow> userInfo)
    {
        IdToken = idToken;
        UserInfo = userInfo;
    }

    public static ReceivedClaims None { get; } = new([], []);

    public IReadOnlyList<ClaimRow> IdToken { get; }

    public IReadOnlyList<ClaimRow> UserInfo { get; }

    /// <summary>Whether a claim named <paramref name="name"/> came in either answer.</summary>
    public bool Contains(string name) =>
        IdToken.Any(row => row.Name == name) || UserInfo.Any(row => row.Name == name);

    /// <summary>Whether a claim named <paramref name="name"/> came and the forum has since deleted what it kept of it.</summary>
    public bool NoLongerKept(string name) =>
        IdToken.Concat(UserInfo).Where(row => row.Name == name).ToList() is { Count: > 0 } rows
        && rows.All(row => row.Source == ClaimValueSource.Deleted || row.NoLongerKept);

    /// <summary>The receipts received in either answer.</summary>
    public IEnumerable<ReceiptSummary> Receipts =>
        IdToken.Concat(UserInfo).SelectMany(row => row.Receipts ?? []).Select(view => view.Summary);

    /// <param name="idToken">The ID token saved at login (validated then by the OpenID Connect handler).</param>
    /// <param name="sessionUserInfo">The userinfo answer as the session keeps it.</param>
    /// <param name="kept">What the forum keeps for the person, if anything.</param>
    /// <param name="withdrawnConsents">The consent ids of the withdrawals received for the person.</param>
    public static ReceivedClaims Read(
        string? idToken, string? sessionUserInfo, IReadOnlyDictionary<string, string>? kept, IReadOnlySet<string> withdrawnConsents) =>
        new(Rows(Payload(idToken), kept, withdrawnConsents), Rows(SessionUserInfo.Scrub(sessionUserInfo), kept, withdrawnConsents));

    private static string? Payload(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[1]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<ClaimRow> Rows(string? json, IReadOnlyDictionary<string, string>? kept, IReadOnlySet<string> withdrawnConsents)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return ClaimRow.From(document.RootElement, kept, withdrawnConsents);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
