using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>
/// Makes DPoP proofs (RFC 9449 §4.2) with the platform's DPoP key: header <c>typ: dpop+jwt</c>,
/// ES256 and the public key as <c>jwk</c>; claims <c>htm</c>, <c>htu</c> (the URL without query
/// and fragment, §4.2), <c>iat</c>, a fresh <c>jti</c>, the server's <c>nonce</c> when one is
/// known (§8) and, with an access token, <c>ath</c> (§4.2: base64url of its SHA-256).
/// </summary>
internal sealed class DpopProofs
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _credentials;
    private readonly Dictionary<string, object> _publicJwk;
    private readonly TimeProvider _time;

    public DpopProofs(ECDsa key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        _time = time;
        _credentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        _publicJwk = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JsonWebKeyParameterNames.Kty] = JsonWebAlgorithmsKeyTypes.EllipticCurve,
            [JsonWebKeyParameterNames.Crv] = JsonWebKeyECTypes.P256,
            [JsonWebKeyParameterNames.X] = Base64UrlEncoder.Encode(point.X),
            [JsonWebKeyParameterNames.Y] = Base64UrlEncoder.Encode(point.Y),
        };
        using var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        Thumbprint = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicKey)).ComputeJwkThumbprint());
    }

    /// <summary>The key's JWK SHA-256 thumbprint (RFC 7638), base64url: <c>dpop_jkt</c> and the tokens' <c>cnf.jkt</c>.</summary>
    public string Thumbprint { get; }

    /// <summary>A proof for one request.</summary>
    public string Create(HttpMethod method, Uri target, string? accessToken, string? nonce)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(target);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["htm"] = method.Method,
            ["htu"] = target.GetLeftPart(UriPartial.Path),
            [JwtRegisteredClaimNames.Iat] = _time.GetUtcNow().ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            AdditionalHeaderClaims = new Dictionary<string, object>(StringComparer.Ordinal) { ["jwk"] = _publicJwk },
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }
}
