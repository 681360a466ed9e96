using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Core.Sessions;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Writes logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4): a JWS with
/// <c>typ: logout+jwt</c> and exactly <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>,
/// <c>events</c> (<see cref="SecurityEvents.BackChannelLogout"/>: <c>{}</c>), <c>sub</c> and, when
/// one session is meant, <c>sid</c>. Never a <c>nonce</c> (§2.4 forbids it, so a logout token can
/// never pass an ID token's nonce check) and nothing personal beyond the pairwise <c>sub</c>.
/// </summary>
internal static class LogoutToken
{
    /// <summary>How long a logout token is valid after it is signed: two minutes, enough for one POST and some clock skew.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// The claims the outbox keeps for <paramref name="notice"/>, as JSON: everything but
    /// <c>iat</c> and <c>exp</c>, which <see cref="Sign"/> sets when the token is sent, so a retry
    /// an hour later is a fresh, valid token with the same <c>jti</c> (receivers deduplicate by it).
    /// </summary>
    public static string Claims(string jti, Uri issuer, LogoutNotice notice)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(notice);
        var claims = new JsonObject
        {
            ["iss"] = issuer.AbsoluteUri,
            ["aud"] = notice.ClientId,
            ["jti"] = jti,
            ["sub"] = notice.Subject,
        };
        if (notice.Sid is not null)
        {
            claims["sid"] = notice.Sid;
        }

        claims["events"] = new JsonObject { [SecurityEvents.BackChannelLogout] = new JsonObject() };
        return claims.ToJsonString();
    }

    /// <summary>Signs the kept claims as a logout token issued at <paramref name="now"/>.</summary>
    public static string Sign(SigningCredentials signing, string claims, DateTimeOffset now)
    {
        var payload = JsonNode.Parse(claims)!.AsObject();
        payload["iat"] = now.ToUnixTimeSeconds();
        payload["exp"] = (now + Lifetime).ToUnixTimeSeconds();

        // Explicit typing (§2.4, RFC 8725 §3.11): a logout token can never pass for an ID token or a SET.
        return Handler.CreateToken(payload.ToJsonString(), signing, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = SecurityEvents.LogoutTokenType });
    }
}
