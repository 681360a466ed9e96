using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>
/// Makes client assertions for <c>private_key_jwt</c> (RFC 7523 §2.2, §3) as the broker requires
/// them (docs/platform-integration.md §3): <c>iss</c> and <c>sub</c> the client id, <c>aud</c>
/// exactly the issuer (one string; FAPI 2.0 §5.3.2.1 and draft-ietf-oauth-rfc7523bis), a fresh
/// <c>jti</c>, a one-minute lifetime, and the header <c>typ: client-authentication+jwt</c>.
/// </summary>
internal sealed class ClientAssertions(string clientId, SigningCredentials credentials, TimeProvider time)
{
    /// <summary>The <c>client_assertion_type</c> of a JWT assertion (RFC 7523 §2.2).</summary>
    public const string JwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The explicit type the broker requires (draft-ietf-oauth-rfc7523bis §4).</summary>
    public const string TokenType = "client-authentication+jwt";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A new assertion for <paramref name="issuer"/>, usable once.</summary>
    public string Create(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        var now = time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Iss] = clientId,
                [JwtRegisteredClaimNames.Sub] = clientId,
                [JwtRegisteredClaimNames.Aud] = issuer,
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
                [JwtRegisteredClaimNames.Iat] = now.ToUnixTimeSeconds(),
                [JwtRegisteredClaimNames.Exp] = (now + Lifetime).ToUnixTimeSeconds(),
            },
        });
    }

    /// <summary>A new assertion for the same audience as <paramref name="previous"/> (a retry must not reuse its jti).</summary>
    public string Renew(string previous) => Create(new JsonWebToken(previous).Audiences.Single());
}
