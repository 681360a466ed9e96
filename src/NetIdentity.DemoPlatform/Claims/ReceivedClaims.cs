using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// Everything the forum received at login, read back from its own session: the ID token's
/// payload (the token itself is never shown or logged) and the userinfo answer.
/// </summary>
internal sealed class ReceivedClaims
{
    private ReceivedClaims(IReadOnlyList<ClaimRow> idToken, IReadOnlyList<ClaimRow> userInfo)
    {
        IdToken = idToken;
        UserInfo = userInfo;
    }

    public IReadOnlyList<ClaimRow> IdToken { get; }

    public IReadOnlyList<ClaimRow> UserInfo { get; }

    /// <summary>Whether a claim named <paramref name="name"/> came in either answer.</summary>
    public bool Contains(string name) =>
        IdToken.Any(row => row.Name == name) || UserInfo.Any(row => row.Name == name);

    /// <param name="idToken">The ID token saved at login (validated then by the OpenID Connect handler).</param>
    /// <param name="userInfoJson">The userinfo answer saved at login.</param>
    public static ReceivedClaims Read(string? idToken, string? userInfoJson) =>
        new(Rows(Payload(idToken)), Rows(userInfoJson));

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

    private static IReadOnlyList<ClaimRow> Rows(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return ClaimRow.From(document.RootElement);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
