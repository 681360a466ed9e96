using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// A platform's preferred mode is enforced factor by factor (issue 8 §6; authority-contract §8,
/// point 4): platform-r04 prefers R04 (网证 + 口令 + 人脸), and a genuine, correctly signed
/// credential from the mock that answers in R03 — the same level, without the password — is
/// refused with NI1106.
/// </summary>
public sealed class PreferredModeTests(CredentialCheckTests.Authority authority) : IClassFixture<CredentialCheckTests.Authority>
{
    [Theory]
    [InlineData(VerificationMode.R03)]
    [InlineData(VerificationMode.R02)]
    public async Task Login_ForPlatformPreferringR04WithCredentialMissingAFactor_ReturnsAccessDeniedNI1106(VerificationMode answered)
    {
        await using var broker = new BrokerHost(authority.Mock.Address, services: services => TamperingAuthority.Decorate(services, credential => credential with { Mode = answered }));
        var driver = new LoginDriver(broker.CreateBrowser(), authority.Mock);
        var request = new AuthorizationRequest(TestPlatforms.R04);
        var login = await driver.StartAsync(request);
        var (bizSeq, _) = await driver.FailAsync(login, "adult");

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1106");
        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.R04, "NI1106", bizSeq);
    }

    [Fact]
    public async Task Login_ForPlatformPreferringR04WithR04Credential_IssuesCode()
    {
        await using var broker = new BrokerHost(authority.Mock.Address);
        var driver = new LoginDriver(broker.CreateBrowser(), authority.Mock);

        var landing = await driver.LoginAsync(new AuthorizationRequest(TestPlatforms.R04));

        Assert.Contains("code", LoginDriver.Query(landing).Keys);
    }
}
