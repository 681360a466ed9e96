using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// A guardian's approval is what a child's use of a platform rests on (PIPL Art. 31): withdrawn,
/// the child's tokens at that platform stop working, whatever scopes they carry (issue 8 §2).
/// </summary>
public sealed class GuardianWithdrawalTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Withdraw_AGuardiansApproval_MakesTheChildsRefreshTokenInactive()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age offline_access" };
        var landing = await driver.LoginWithGuardianConsentAsync(request, "child-under-14", "guardian", []);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.True(await ActiveAsync(driver, tokens.RefreshToken!));
        var page = await driver.SignInToMyAuthorizationsAsync("guardian");

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.False(await ActiveAsync(driver, tokens.RefreshToken!));
        Assert.False(await ActiveAsync(driver, tokens.AccessToken!));
        var refreshed = await driver.RefreshAsync(TestPlatforms.Lawful, tokens.RefreshToken!);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    private static async Task<bool> ActiveAsync(LoginDriver driver, string token) =>
        (await driver.IntrospectAsync(TestPlatforms.Lawful, token)).GetProperty("active").GetBoolean();
}
