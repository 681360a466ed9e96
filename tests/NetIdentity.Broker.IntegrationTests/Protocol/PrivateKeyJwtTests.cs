using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// A platform registered with public keys instead of a secret authenticates at the token
/// endpoint with a signed client assertion (RFC 7523 §2.2, OIDC Core §9 private_key_jwt).
/// </summary>
public sealed class PrivateKeyJwtTests(MockAuthorityFixture fixture) : IClassFixture<MockAuthorityFixture>, IDisposable
{
    private static readonly TestPlatform Platform = new("platform-keys", string.Empty, "https://keys.example/callback", "keys.example");

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Token_WithAssertionSignedByRegisteredKey_IssuesTokens()
    {
        using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);
        var request = new AuthorizationRequest(Platform);
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];

        var tokens = await RedeemWithAssertionAsync(driver.Browser, request, code, Assertion(_key));

        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
        await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, Platform.ClientId, request.Nonce);
    }

    [Fact]
    public async Task Token_WithAssertionSignedByAnotherKey_IsInvalidClient()
    {
        using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);
        var request = new AuthorizationRequest(Platform);
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var tokens = await RedeemWithAssertionAsync(driver.Browser, request, code, Assertion(stranger));

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task Token_WithSecretForKeyRegisteredPlatform_IsInvalidClient()
    {
        using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);
        var request = new AuthorizationRequest(Platform);
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];

        var tokens = await driver.RedeemAsync(request, code, secret: "a-secret-this-platform-never-had-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
    }

    public void Dispose() => _key.Dispose();

    private BrokerHost StartBroker()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var jwks = $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"platform-key-1","x":"{{Base64UrlEncoder.Encode(point.X)}}","y":"{{Base64UrlEncoder.Encode(point.Y)}}"}]}""";
        const string prefix = "Platforms:30:";
        return fixture.StartBroker(settings: new Dictionary<string, string?>
        {
            [prefix + "ClientId"] = Platform.ClientId,
            [prefix + "JsonWebKeySet"] = jwks,
            [prefix + "DisplayName:Zh"] = "密钥平台",
            [prefix + "DisplayName:En"] = "Key platform",
            [prefix + "RedirectUris:0"] = Platform.RedirectUri,
            [prefix + "SectorIdentifier"] = Platform.Sector,
            [prefix + "Scopes:0"] = "openid",
            [prefix + "Scopes:1"] = "netid",
        });
    }

    private static string Assertion(ECDsa key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Platform.ClientId,
        Audience = "http://localhost/",
        Expires = DateTime.UtcNow.AddMinutes(2),
        // The explicit type of draft-ietf-oauth-rfc7523bis; OpenIddict refuses a plain "JWT" (ID2089).
        TokenType = "client-authentication+jwt",
        Claims = new Dictionary<string, object> { ["sub"] = Platform.ClientId, ["jti"] = Guid.NewGuid().ToString("N") },
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "platform-key-1" }, SecurityAlgorithms.EcdsaSha256),
    });

    private static async Task<TokenResponse> RedeemWithAssertionAsync(HttpClient browser, AuthorizationRequest request, string code, string assertion)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri!,
            ["code_verifier"] = request.Verifier,
            ["client_id"] = Platform.ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        });
        return await TokenResponse.ReadAsync(await browser.PostAsync(new Uri("/connect/token", UriKind.Relative), content, TestContext.Current.CancellationToken));
    }
}
