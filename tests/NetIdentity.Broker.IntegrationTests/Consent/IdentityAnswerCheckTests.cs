using NetIdentity.Authority;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// The plaintext identity answer must be about the person who verified (issue 8 §6;
/// authority-contract §8, point 6): a correctly signed answer for this bizSeq whose app-scoped id
/// is not the credential's ends the login with NI1108, and nothing — masked or full — is released.
/// </summary>
public sealed class IdentityAnswerCheckTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Theory]
    [InlineData("openid netid netid.identity", new string[0], true)]
    [InlineData("openid netid netid.masked", new[] { "netid.masked" }, false)]
    public async Task Login_WhenIdentityAnswerNamesAnotherAppScopedId_ReturnsAccessDeniedNI1108(string scope, string[] grant, bool separateConsent)
    {
        await using var broker = hosts.StartBroker(services => TamperingAuthority.Decorate(services, credential => credential, AnotherPerson));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = scope };

        var login = await driver.LoginWithConsentAsync(request, grant: grant, separateConsent: separateConsent);

        ProtocolAssert.LoginError(login.Landing, request, "access_denied", "NI1108");
        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        Assert.Contains(broker.Logs.Lines, line => line.Contains("names another app-scoped id", StringComparison.Ordinal));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_WhenIdentityAnswerNamesTheCredentialsAppScopedId_ReleasesIdentity()
    {
        await using var broker = hosts.StartBroker(services => TamperingAuthority.Decorate(services, credential => credential, identity => identity));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };

        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);

        Assert.Contains("code", LoginDriver.Query(login.Landing).Keys);
        Assert.Equal(1, await broker.IdentityDeliveryCountAsync());
    }

    private static SealedIdentity AnotherPerson(SealedIdentity identity) => identity with { AppScopedId = "NIANOTHERPERSON01" };
}
