using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// <c>verified_claims</c> on both ways (docs/claims.md, "Identity assurance"): without the
/// operator's approval both state the same framework, level and shape (PRODUCT rule 4, equal
/// service); a platform approved for the method learns the other way's own framework and the
/// record check that was done.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class VerifiedClaimsParityTests(OtherPathFixture fixture)
{
    [Theory]
    [InlineData("urn:netidentity:acr:level1")]
    [InlineData("urn:netidentity:acr:level3")]
    public async Task UserInfo_WithoutApproval_StatesTheSameVerificationOnBothWays(string acr)
    {
        var netId = await VerificationAsync(TestPlatforms.B, acr, (driver, request) => driver.Login.LoginAsync(request, "adult"));

        var other = await VerificationAsync(TestPlatforms.B, acr, (driver, request) => driver.LoginAsync(request, OtherPathPersonas.Adult));

        Assert.Equal(Without(netId, "time"), Without(other, "time"));
        Assert.Equal("urn:netidentity:tf:cn_real_identity", other.GetProperty("trust_framework").GetString());
        Assert.Equal(acr, other.GetProperty("assurance_level").GetString());
    }

    [Fact]
    public async Task UserInfo_ForPlatformApprovedForTheMethod_StatesTheOtherWaysFrameworkAndItsChecks()
    {
        var verification = await VerificationAsync(TestPlatforms.Amr, "urn:netidentity:acr:level3", (driver, request) => driver.LoginAsync(request, OtherPathPersonas.Adult));

        Assert.Equal("urn:netidentity:tf:cn_real_name_check", verification.GetProperty("trust_framework").GetString());
        var evidence = Assert.Single(verification.GetProperty("evidence").EnumerateArray());
        Assert.Equal("electronic_record", evidence.GetProperty("type").GetString());
        Assert.Equal(["data", "bvr"], evidence.GetProperty("check_details").EnumerateArray().Select(c => c.GetProperty("check_method").GetString()));
    }

    private async Task<JsonElement> VerificationAsync(TestPlatform platform, string acr, Func<OtherPathDriver, AuthorizationRequest, Task<Uri>> login)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(platform) { AcrValues = acr };
        var query = LoginDriver.Query(await login(driver, request));
        Assert.True(query.ContainsKey("code"), string.Join('&', query.Select(p => p.Key + "=" + p.Value)));
        var tokens = await driver.Login.RedeemAsync(request, query["code"]);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        return userInfo.GetProperty("verified_claims").GetProperty("verification").Clone();
    }

    private static string Without(JsonElement verification, string element) =>
        JsonSerializer.Serialize(verification.EnumerateObject().Where(p => p.Name != element).ToDictionary(p => p.Name, p => p.Value));
}
