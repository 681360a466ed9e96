using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The broker as the forum sees it: a discovery document and a JWKS with a test ES256 key, a token
/// and a userinfo endpoint answering the logins a test set up (<see cref="IssueCode"/>), on
/// Kestrel at 127.0.0.1; and the SETs and consent receipts that key signs (docs/events.md,
/// docs/claims.md), which the tests may get wrong on purpose.
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    public const string KeyId = "test-sig-1";

    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";

    private readonly WebApplication _app;
    private readonly ECDsa _key;
    private readonly Logins _logins;

    private FakeBroker(WebApplication app, ECDsa key, Logins logins)
    {
        _app = app;
        _key = key;
        _logins = logins;
        Issuer = app.Urls.Single().TrimEnd('/') + "/";
    }

    /// <summary>The issuer, also the authority the forum is configured with.</summary>
    public string Issuer { get; }

    public static async Task<FakeBroker> StartAsync()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var logins = new Logins();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePorts.One());
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
                ["userinfo_endpoint"] = issuer + "connect/userinfo",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            });
        });
        app.MapGet("/.well-known/jwks", () => Results.Json(new { keys = new[] { Jwk(key, KeyId) } }));
        app.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!logins.ByCode.TryRemove(form["code"].ToString(), out var login))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var accessToken = NewJti();
            logins.UserInfoByAccessToken[accessToken] = login.UserInfo;
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = accessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = 300,
                ["id_token"] = login.IdToken,
            });
        });
        app.MapGet("/connect/userinfo", (HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            return authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                && logins.UserInfoByAccessToken.TryGetValue(authorization["Bearer ".Length..], out var userInfo)
                ? Results.Content(userInfo, "application/json")
                : Results.Unauthorized();
        });
        await app.StartAsync();
        return new FakeBroker(app, key, logins);
    }

    /// <summary>
    /// Sets up a login the forum will complete with the code returned: an ID token for
    /// <paramref name="subject"/> (level 1, <c>netid_result</c> pass, the forum's
    /// <paramref name="nonce"/>, and <paramref name="idTokenClaims"/>) and the userinfo answer
    /// <paramref name="userInfo"/>.
    /// </summary>
    public string IssueCode(string subject, string nonce, string userInfo, IReadOnlyDictionary<string, object>? idTokenClaims = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = DemoPlatformClientId,
            ["sub"] = subject,
            ["iat"] = now,
            ["exp"] = now + 300,
            ["nonce"] = nonce,
            ["auth_time"] = now,
            ["acr"] = "urn:netidentity:acr:level1",
            ["netid_result"] = "pass",
            ["netid_verified_at"] = now,
        };
        foreach (var (name, value) in idTokenClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        var code = NewJti();
        _logins.ByCode[code] = new Login(Sign(JsonSerializer.Serialize(claims), "JWT"), userInfo);
        return code;
    }

    /// <summary>A consent receipt as the broker signs it (docs/claims.md, "Consent receipts").</summary>
    public string Receipt(string subject, string jti, params string[] items) =>
        Sign(
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["iss"] = Issuer,
                ["aud"] = DemoPlatformClientId,
                ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["sub"] = subject,
                ["jti"] = jti,
                ["consent"] = new Dictionary<string, object>
                {
                    ["decision"] = "granted",
                    ["items"] = items,
                    ["recipient"] = new Dictionary<string, string> { ["client_id"] = DemoPlatformClientId, ["name_zh"] = "演示论坛", ["name_en"] = "Demo Forum" },
                    ["purpose"] = new Dictionary<string, string> { ["zh"] = "论坛实名注册", ["en"] = "Real-name registration" },
                    ["purpose_version"] = "9f2c4e1a0b3d5f7e",
                },
            }),
            "consent-receipt+jwt");

    private const string DemoPlatformClientId = "demo-forum";

    private string Sign(string payload, string type) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            payload,
            new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = type });

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
        string keyId = KeyId,
        IReadOnlyList<string>? scopes = null,
        string? consentId = null,
        string? streamSubject = null)
    {
        var iat = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer ?? Issuer,
            ["aud"] = audience,
            ["iat"] = iat,
            ["jti"] = jti ?? NewJti(),
        };

        // On an SSF stream the broker adds the subject as the top-level sub_id (docs/events.md).
        if (streamSubject is not null)
        {
            claims["sub_id"] = new Dictionary<string, string> { ["format"] = "iss_sub", ["iss"] = issuer ?? Issuer, ["sub"] = streamSubject };
        }

        var payload = JsonSerializer.Serialize(new Dictionary<string, object>(claims)
        {
            ["events"] = new Dictionary<string, object>
            {
                [eventType] = new Dictionary<string, object>
                {
                    ["subject"] = new Dictionary<string, string> { ["format"] = "iss_sub", ["iss"] = issuer ?? Issuer, ["sub"] = subject },
                    ["scopes"] = scopes ?? ["netid.age"],
                    ["consent_id"] = consentId ?? "consent-" + NewJti(),
                    ["withdrawn_at"] = iat,
                },
            },
        });
        var credentials = new SigningCredentials(new ECDsaSecurityKey(signingKey ?? _key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(payload, credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = type });
    }

    /// <summary>A CAEP session-revoked SET as the broker sends it on a stream (docs/events.md, "SSF streams").</summary>
    public string SessionRevokedSet(string subject, string audience, string? jti = null, DateTimeOffset? issuedAt = null)
    {
        var iat = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["iat"] = iat,
            ["jti"] = jti ?? NewJti(),
            ["sub_id"] = new Dictionary<string, string> { ["format"] = "iss_sub", ["iss"] = Issuer, ["sub"] = subject },
            ["events"] = new Dictionary<string, object>
            {
                ["https://schemas.openid.net/secevent/caep/event-type/session-revoked"] = new Dictionary<string, object>
                {
                    ["event_timestamp"] = iat,
                    ["initiating_entity"] = "user",
                },
            },
        });
        return Sign(payload, "secevent+jwt");
    }

    /// <summary>A logout token as the broker makes it (docs/events.md, "Back-channel logout"), with any part replaced or removed.</summary>
    public string LogoutToken(string? subject, string? sid, Action<Dictionary<string, object>>? change = null, string type = "logout+jwt")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = DemoPlatformClientId,
            ["iat"] = now,
            ["exp"] = now + 120,
            ["jti"] = NewJti(),
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        if (sid is not null)
        {
            claims["sid"] = sid;
        }

        change?.Invoke(claims);
        return Sign(JsonSerializer.Serialize(claims), type);
    }

    public static string NewJti() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private sealed record Login(string IdToken, string UserInfo);

    private sealed class Logins
    {
        public ConcurrentDictionary<string, Login> ByCode { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> UserInfoByAccessToken { get; } = new(StringComparer.Ordinal);
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
}
