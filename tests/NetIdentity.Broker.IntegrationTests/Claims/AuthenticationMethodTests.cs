using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Claims;

/// <summary>
/// <c>amr</c> (RFC 8176) is withheld unless the operator approved the platform for it
/// (docs/claims.md): <c>acr</c> says how sure, the method is not the platform's business.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class AuthenticationMethodTests(BrokerFixture fixture)
{
    [Fact]
    public async Task IdToken_ForPlatformNotApprovedForAmr_HasNoAmr()
    {
        var payload = await IdTokenPayloadAsync(TestPlatforms.A);

        Assert.False(payload.TryGetProperty("amr", out _));
    }

    [Fact]
    public async Task IdToken_ForPlatformApprovedForAmr_HasHwkArrayInR01()
    {
        var payload = await IdTokenPayloadAsync(TestPlatforms.Amr);

        Assert.Equal("urn:netidentity:acr:level1", payload.GetProperty("acr").GetString());
        var amr = payload.GetProperty("amr");
        Assert.Equal(JsonValueKind.Array, amr.ValueKind);
        Assert.Equal(["hwk"], amr.EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<JsonElement> IdTokenPayloadAsync(TestPlatform platform)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(platform);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, platform.ClientId, request.Nonce);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.EncodedPayload)).RootElement.Clone();
    }
}
