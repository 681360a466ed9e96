using System.Net.Http.Headers;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Flows;

/// <summary>A complete authorization code flow for each mode, and what the platform receives.</summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class CodeFlowTests(BrokerFixture fixture)
{
    /// <summary>docs/claims.md, "openid netid": exactly these, plus the protocol claims of OIDC Core §2.</summary>
    private static readonly string[] ExpectedIdTokenClaims =
    [
        "acr", "at_hash", "aud", "auth_time", "azp", "exp", "iat", "iss", "netid_result", "netid_verified_at",
        "nonce", "oi_au_id", "sub",
    ];

    public static TheoryData<string, string?, string> Modes => new()
    {
        { "platform-a", null, "urn:netidentity:acr:level1" },
        { "platform-a", "urn:netidentity:acr:level2", "urn:netidentity:acr:level2" },
        { "platform-a", "urn:netidentity:acr:level3", "urn:netidentity:acr:level3" },
        // R04 (口令 + 人脸) was used, but acr states the level asked for, which it satisfies.
        { "platform-r04", null, "urn:netidentity:acr:level1" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Login_AsAdult_IssuesIdTokenWithExactlyTheDefaultRelease(string clientId, string? acrValues, string expectedAcr)
    {
        var driver = fixture.NewDriver();
        var platform = clientId == "platform-r04" ? TestPlatforms.R04 : TestPlatforms.A;
        var request = new AuthorizationRequest(platform) { AcrValues = acrValues };

        var landing = await driver.LoginAsync(request);
        var query = LoginDriver.Query(landing);
        Assert.True(query.ContainsKey("code"), landing.ToString());
        var tokens = await driver.RedeemAsync(request, query["code"]);

        Assert.Equal(request.State, query["state"]);
        Assert.Equal("http://localhost/", query["iss"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, platform.ClientId, request.Nonce);
        Assert.Equal(ExpectedIdTokenClaims, IdTokens.ClaimNames(idToken));
        Assert.Equal(expectedAcr, idToken.GetPayloadValue<string>("acr"));
        Assert.Equal("pass", idToken.GetPayloadValue<string>("netid_result"));
        Assert.Equal(idToken.GetPayloadValue<long>("auth_time"), idToken.GetPayloadValue<long>("netid_verified_at"));
    }

    [Fact]
    public async Task Token_AfterLogin_GrantsTheRequestedScopes()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);

        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);

        Assert.Equal("openid netid", tokens.Body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task UserInfo_AfterLogin_ReturnsSubjectAndResultOnly()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);

        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await driver.Browser.SendAsync(message, TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(["netid_result", "netid_verified_at", "sub", "verified_claims"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Number, body.GetProperty("netid_verified_at").ValueKind);
    }
}
