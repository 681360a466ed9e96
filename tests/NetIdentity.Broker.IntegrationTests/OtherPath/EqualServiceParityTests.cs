using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// Equal service (PRODUCT rule 4; the Measures make 网号/网证 voluntary): at every level, a person
/// who verified the other way gets exactly the same result shape as one who used 网号/网证 —
/// the same ID token claims, the same <c>acr</c> (the level asked for), the same userinfo — so a
/// platform cannot tell, or penalise, how someone verified.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class EqualServiceParityTests(OtherPathFixture fixture)
{
    public static TheoryData<string> Levels =>
    [
        "urn:netidentity:acr:level1",
        "urn:netidentity:acr:level2",
        "urn:netidentity:acr:level3",
    ];

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task IdToken_AtEachLevel_HasTheSameClaimNamesAndAcrOnBothWays(string acr)
    {
        var netId = await NetIdLoginAsync(acr);

        var other = await OtherWayLoginAsync(acr);

        Assert.Equal(IdTokens.ClaimNames(netId.IdToken), IdTokens.ClaimNames(other.IdToken));
        Assert.Equal(acr, netId.IdToken.GetPayloadValue<string>("acr"));
        Assert.Equal(acr, other.IdToken.GetPayloadValue<string>("acr"));
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task UserInfo_AtEachLevel_HasTheSameClaimNamesOnBothWays(string acr)
    {
        var netId = await NetIdLoginAsync(acr);

        var other = await OtherWayLoginAsync(acr);

        Assert.Equal(ClaimNames(netId.UserInfo), ClaimNames(other.UserInfo));
    }

    private Task<Released> NetIdLoginAsync(string acr) => LoginAsync(acr, (driver, request) => driver.Login.LoginAsync(request, "adult"));

    private Task<Released> OtherWayLoginAsync(string acr) => LoginAsync(acr, (driver, request) => driver.LoginAsync(request, OtherPathPersonas.Adult));

    /// <summary>One login for platform B at <paramref name="acr"/>; what the platform receives.</summary>
    private async Task<Released> LoginAsync(string acr, Func<OtherPathDriver, AuthorizationRequest, Task<Uri>> login)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B) { AcrValues = acr };
        var query = LoginDriver.Query(await login(driver, request));
        Assert.True(query.ContainsKey("code"), string.Join('&', query.Select(p => p.Key + "=" + p.Value)));
        var tokens = await driver.Login.RedeemAsync(request, query["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.B.ClientId, request.Nonce);
        return new Released(idToken, await driver.UserInfoAsync(tokens.AccessToken!));
    }

    private static List<string> ClaimNames(JsonElement claims) =>
        [.. claims.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private sealed record Released(JsonWebToken IdToken, JsonElement UserInfo);
}
