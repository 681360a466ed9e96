using System.Text;
using System.Text.Json;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads a JWT's payload without verifying it: for tokens whose signature another check already
/// covers (the forum verified its ID token; the independent client verifies the broker's), or
/// whose content only is under test.
/// </summary>
internal static class Jwt
{
    public static JsonElement Payload(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.True(parts.Length == 3, $"Not a compact JWS: {parts.Length} part(s).");
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Base64(parts[1]))));
        return document.RootElement.Clone();
    }

    private static string Base64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }
}

/// <summary>A consent receipt (docs/claims.md, "Consent receipts") as a platform receives it in <c>netid_consent_receipts</c>.</summary>
internal sealed record ConsentReceipt(string Token, string Id, string Subject, string Audience, IReadOnlyList<string> Items, string Decision)
{
    public static ConsentReceipt From(string token)
    {
        var payload = Jwt.Payload(token);
        var consent = payload.GetProperty("consent");
        return new ConsentReceipt(
            token,
            payload.GetProperty("jti").GetString()!,
            payload.GetProperty("sub").GetString()!,
            payload.GetProperty("aud").GetString()!,
            [.. consent.GetProperty("items").EnumerateArray().Select(i => i.GetString()!)],
            consent.GetProperty("decision").GetString()!);
    }
}
