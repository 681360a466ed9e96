using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// What a FAPI 2.0 platform sends: pushed requests and token requests authenticated with
/// <c>private_key_jwt</c>, DPoP proofs (RFC 9449) made with its own key and the broker's nonce,
/// and userinfo requests with the <c>DPoP</c> scheme. Every token can be bent, to attack with it.
/// </summary>
internal sealed class FapiClient(HttpClient http, FapiPlatform platform, TimeProvider clock) : IDisposable
{
    public const string Issuer = ProtocolAssert.Issuer;
    public const string TokenUrl = Issuer + "connect/token";
    public const string UserInfoUrl = Issuer + "connect/userinfo";
    public const string ParUrl = Issuer + "connect/par";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public HttpClient Http => http;

    public ECDsa DpopKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The <c>expires_in</c> of the last PAR response.</summary>
    public long? LastPushExpiresIn { get; private set; }

    /// <summary>The last <c>DPoP-Nonce</c> the broker sent.</summary>
    public string? Nonce { get; private set; }

    public string Thumbprint(ECDsa? key = null) =>
        Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key ?? DpopKey)).ComputeJwkThumbprint());

    /// <summary>A client assertion (RFC 7523 §3) for this platform, valid unless bent.</summary>
    public string Assertion(
        string? audience = Issuer, string alg = SecurityAlgorithms.EcdsaSha256, TimeSpan? age = null, TimeSpan? lifetime = null, string? jti = null, bool withSubject = true)
    {
        var issued = clock.GetUtcNow() - (age ?? TimeSpan.Zero);
        var claims = new Dictionary<string, object>
        {
            ["iss"] = platform.ClientId,
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["exp"] = (issued + (lifetime ?? TimeSpan.FromMinutes(2))).ToUnixTimeSeconds(),
        };
        if (withSubject)
        {
            claims["sub"] = platform.ClientId;
        }

        if (audience is not null)
        {
            claims["aud"] = audience;
        }

        SigningCredentials credentials = alg == SecurityAlgorithms.EcdsaSha256
            ? new(new ECDsaSecurityKey(platform.AssertionKey) { KeyId = "ec-1" }, alg)
            : new(new RsaSecurityKey(platform.RsaKey) { KeyId = "rsa-1" }, alg);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "client-authentication+jwt",
            Claims = claims,
            SigningCredentials = credentials,
        });
    }

    /// <summary>A DPoP proof (RFC 9449 §4.2) for <paramref name="method"/> <paramref name="url"/>, valid unless bent.</summary>
    public string Proof(
        string method,
        string url,
        string? accessToken = null,
        ECDsa? key = null,
        TimeSpan? age = null,
        string? jti = null,
        bool withNonce = true,
        bool withPrivateKey = false,
        SigningCredentials? credentials = null)
    {
        key ??= DpopKey;
        var parameters = key.ExportParameters(includePrivateParameters: withPrivateKey);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
        if (withPrivateKey)
        {
            jwk["d"] = Base64UrlEncoder.Encode(parameters.D);
        }

        var claims = new Dictionary<string, object>
        {
            ["htm"] = method,
            ["htu"] = url,
            ["iat"] = (clock.GetUtcNow() - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds(),
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
        };
        if (withNonce && Nonce is not null)
        {
            claims["nonce"] = Nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = jwk },
            Claims = claims,
            SigningCredentials = credentials ?? new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>Asks the token endpoint once, without a proof, for a nonce to put in proofs (RFC 9449 §8).</summary>
    public async Task PrimeNonceAsync()
    {
        await PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "none" }, assertion: Assertion(), proof: null);
        Assert.NotNull(Nonce);
    }

    /// <summary>Pushes <paramref name="request"/> (RFC 9126 §2.1); returns the authorization URL with the request_uri.</summary>
    public async Task<string> PushAsync(AuthorizationRequest request, string? dpopJkt = null, string? proof = null)
    {
        using var response = await PushRawAsync(request, dpopJkt, proof);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PAR answered {(int)response.StatusCode}: {body}");
        LastPushExpiresIn = JsonDocument.Parse(body).RootElement.GetProperty("expires_in").GetInt64();
        return QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = platform.ClientId,
            ["request_uri"] = JsonDocument.Parse(body).RootElement.GetProperty("request_uri").GetString(),
        });
    }

    /// <summary>Pushes <paramref name="request"/>, optionally with a DPoP proof (RFC 9449 §10.1); returns the raw answer.</summary>
    public async Task<HttpResponseMessage> PushRawAsync(AuthorizationRequest request, string? dpopJkt = null, string? proof = null)
    {
        var form = request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = Assertion();
        if (dpopJkt is not null)
        {
            form["dpop_jkt"] = dpopJkt;
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/par") { Content = new FormUrlEncodedContent(form) };
        if (proof is not null)
        {
            message.Headers.Add("DPoP", proof);
        }

        var response = await http.SendAsync(message);
        Remember(response);
        return response;
    }

    public Task<TokenResponse> RedeemAsync(AuthorizationRequest request, string code, string? assertion = null, string? proof = null, bool withProof = true) =>
        PostTokenAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = request.RedirectUri!,
                ["code_verifier"] = request.Verifier,
            },
            assertion ?? Assertion(),
            withProof ? proof ?? Proof("POST", TokenUrl) : null);

    public Task<TokenResponse> RefreshAsync(string refreshToken, string? proof = null) =>
        PostTokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            Assertion(),
            proof ?? Proof("POST", TokenUrl));

    public async Task<TokenResponse> PostTokenAsync(Dictionary<string, string> form, string assertion, string? proof)
    {
        form["client_id"] = platform.ClientId;
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertion;
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (proof is not null)
        {
            message.Headers.Add("DPoP", proof);
        }

        var response = await http.SendAsync(message);
        Remember(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.StartsWith('{'), $"The token endpoint answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 1500)]}");
        return await TokenResponse.ReadAsync(response);
    }

    /// <summary>Calls userinfo with <paramref name="scheme"/> and, when given, a proof.</summary>
    public async Task<HttpResponseMessage> UserInfoAsync(string accessToken, string scheme = "DPoP", string? proof = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue(scheme, accessToken);
        if (proof is not null)
        {
            message.Headers.Add("DPoP", proof);
        }

        var response = await http.SendAsync(message);
        Remember(response);
        return response;
    }

    public void Dispose() => DpopKey.Dispose();

    private void Remember(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("DPoP-Nonce", out var values))
        {
            Nonce = values.First();
        }
    }
}
