using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Core.Protocol;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// Checks one DPoP proof JWT (RFC 9449 §4.3), every rule in the order the RFC lists them, and
/// fails closed: the result is an error until each check passed. Used by the token and userinfo
/// handlers; the caller decides whether a proof is required and which key it must match.
/// </summary>
public sealed class DpopProofValidator(IReplayCache replay, DpopNonces nonces, TimeProvider time)
{
    /// <summary>The header a proof travels in (RFC 9449 §4.1).</summary>
    public const string Header = "DPoP";

    /// <summary>The header a nonce travels in (RFC 9449 §8.1).</summary>
    public const string NonceHeader = "DPoP-Nonce";

    /// <summary>FAPI 2.0 §5.4.1: asymmetric, and of these two only. No <c>none</c>, no HMAC, no RS256.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <summary>How old a proof's <c>iat</c> may be (RFC 9449 §11.1: a short window limits pre-made proofs).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>How far ahead of the broker's clock a client's <c>iat</c> may be.</summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(10);

    // Members of a JWK that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4).
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// Validates <paramref name="proof"/> for a request of <paramref name="method"/> to
    /// <paramref name="uri"/>; with <paramref name="accessToken"/>, its <c>ath</c> too (§4.3 item 11).
    /// </summary>
    public async Task<(DpopProof? Proof, DpopError? Error)> ValidateAsync(
        string proof, string method, Uri uri, string? accessToken, CancellationToken cancellationToken)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(proof);
        }
        catch (ArgumentException)
        {
            return Fail("The DPoP proof is not a well-formed JWT.");
        }

        if (token.IsEncrypted || token.Typ != "dpop+jwt")
        {
            return Fail("The DPoP proof must be a signed JWT of type 'dpop+jwt'.");
        }

        if (!Algorithms.Contains(token.Alg))
        {
            return Fail("The DPoP proof must be signed with ES256 or PS256.");
        }

        if (PublicKey(token) is not { } key)
        {
            return Fail("The DPoP proof must carry its public key, and no private key material, in the 'jwk' header.");
        }

        if (!Fits(key, token.Alg))
        {
            return Fail("The DPoP proof's key does not fit its algorithm (ES256: EC P-256; PS256: RSA of 2048 bits or more).");
        }

        var validation = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = Algorithms,
            ValidTypes = ["dpop+jwt"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!validation.IsValid)
        {
            return Fail("The DPoP proof's signature is not valid for its key.");
        }

        if (!token.TryGetPayloadValue<string>("htm", out var htm) || !string.Equals(htm, method, StringComparison.Ordinal))
        {
            return Fail("The DPoP proof was made for another HTTP method ('htm').");
        }

        if (!token.TryGetPayloadValue<string>("htu", out var htu) || !SameTarget(htu, uri))
        {
            return Fail("The DPoP proof was made for another URL ('htu').");
        }

        if (!token.TryGetPayloadValue<long>("iat", out var iat))
        {
            return Fail("The DPoP proof has no 'iat'.");
        }

        var now = time.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeSeconds(iat);
        if (issued > now + FutureSkew || now - issued > MaxAge)
        {
            return Fail("The DPoP proof was not issued within the accepted time window ('iat').");
        }

        if (!token.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti) || jti.Length > 256)
        {
            return Fail("The DPoP proof has no usable 'jti'.");
        }

        if (accessToken is not null && (!token.TryGetPayloadValue<string>("ath", out var ath) || !string.Equals(ath, Hash(accessToken), StringComparison.Ordinal)))
        {
            return Fail("The DPoP proof is not bound to this access token ('ath').");
        }

        // RFC 9449 §8: the nonce is required; a proof without a fresh one is answered with a new
        // nonce to retry with. Checked before the jti is recorded, so the retry may reuse nothing.
        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !nonces.IsFresh(nonce))
        {
            return (null, new DpopError(DpopError.UseNonce, "A fresh DPoP nonce is required: retry with the nonce of the DPoP-Nonce header."));
        }

        var thumbprint = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());

        // RFC 9449 §11.1: each proof once, on every instance. The entry outlives the iat window,
        // after which the proof would be refused as stale anyway.
        if (!await replay.TryUseAsync("dpop.jti", thumbprint + " " + jti, now + MaxAge + FutureSkew, cancellationToken))
        {
            return Fail("The DPoP proof has already been used ('jti').");
        }

        return (new DpopProof(thumbprint), null);
    }

    /// <summary>The <c>ath</c> of an access token: base64url(SHA-256(ASCII(token))) (RFC 9449 §4.2).</summary>
    public static string Hash(string accessToken) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    /// <summary>
    /// RFC 9449 §4.3 item 9: the URL the request was sent to, without query and fragment; scheme and
    /// host compared case-insensitively, default ports made explicit, the path exactly.
    /// </summary>
    public static bool SameTarget(string htu, Uri expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Uri.TryCreate(htu, UriKind.Absolute, out var claimed)
            && string.Equals(claimed.GetLeftPart(UriPartial.Path), expected.GetLeftPart(UriPartial.Path), StringComparison.OrdinalIgnoreCase)
            && string.Equals(claimed.AbsolutePath, expected.AbsolutePath, StringComparison.Ordinal);
    }

    private static (DpopProof?, DpopError?) Fail(string description) => (null, DpopError.Proof(description));

    private static JsonWebKey? PublicKey(JsonWebToken token)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedHeader));
            if (!header.RootElement.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object
                || PrivateMembers.Any(member => jwk.TryGetProperty(member, out _)))
            {
                return null;
            }

            return new JsonWebKey(jwk.GetRawText());
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static bool Fits(JsonWebKey key, string alg) => alg switch
    {
        SecurityAlgorithms.EcdsaSha256 => key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && key.Crv == JsonWebKeyECTypes.P256,
        SecurityAlgorithms.RsaSsaPssSha256 => key.Kty == JsonWebAlgorithmsKeyTypes.RSA && Base64UrlEncoder.DecodeBytes(key.N ?? string.Empty).Length >= 256,
        _ => false,
    };
}
