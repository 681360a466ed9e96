using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The broker as a security event receiver sees it: a discovery document and a JWKS with a test
/// ES256 key, on Kestrel at 127.0.0.1; and the SETs that key signs (docs/events.md), which the
/// tests may get wrong on purpose.
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    public const string KeyId = "test-sig-1";

    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";

    private readonly WebApplication _app;
    private readonly ECDsa _key;

    private FakeBroker(WebApplication app, ECDsa key)
    {
        _app = app;
        _key = key;
        Issuer = app.Urls.Single().TrimEnd('/') + "/";
    }

    /// <summary>The issuer, also the authority the forum is configured with.</summary>
    public string Issuer { get; }

    public static async Task<FakeBroker> StartAsync()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePort());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = $"{context.Request.Scheme}://{context.Request.Host}/";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["jwks_uri"] = issuer + ".well-known/jwks",
                ["authorization_endpoint"] = issuer + "connect/authorize",
                ["token_endpoint"] = issuer + "connect/token",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            });
        });
        app.MapGet("/.well-known/jwks", () => Results.Json(new { keys = new[] { Jwk(key, KeyId) } }));
        await app.StartAsync();
        return new FakeBroker(app, key);
    }

    /// <summary>A consent-withdrawn SET as the broker makes it, with any part replaced.</summary>
    public string ConsentWithdrawnSet(
        string subject,
        string audience,
        string? jti = null,
        string? issuer = null,
        string type = "secevent+jwt",
        DateTimeOffset? issuedAt = null,
        string eventType = ConsentWithdrawn,
        ECDsa? signingKey = null,
        string keyId = KeyId)
    {
        var iat = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = issuer ?? Issuer,
            ["aud"] = audience,
            ["iat"] = iat,
            ["jti"] = jti ?? NewJti(),
            ["events"] = new Dictionary<string, object>
            {
                [eventType] = new Dictionary<string, object>
                {
                    ["subject"] = new Dictionary<string, string> { ["format"] = "iss_sub", ["iss"] = issuer ?? Issuer, ["sub"] = subject },
                    ["scopes"] = new[] { "netid.age" },
                    ["consent_id"] = "consent-" + NewJti(),
                    ["withdrawn_at"] = iat,
                },
            },
        });
        var credentials = new SigningCredentials(new ECDsaSecurityKey(signingKey ?? _key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(payload, credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = type });
    }

    public static string NewJti() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private static Dictionary<string, string> Jwk(ECDsa key, string kid)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X!),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y!),
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = "ES256",
        };
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
