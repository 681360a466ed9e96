using System.Net;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Relay;

/// <summary>
/// A relayed QR code (issue 8 §3): the attacker starts a login and sends its QR code to the
/// victim, who approves. Number matching stops it (authority-contract §3 v2): the app names the
/// platform and approves only with the number shown in the attacker's browser, which the victim
/// cannot see; the broker accepts only a credential matched to its own number (NI1121).
/// </summary>
public sealed class RelayedQrCodeTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Session_Opened_NamesThePlatformAndCarriesTheNumberTheBrowserShows()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));

        var bizSeq = await driver.ChooseNetIdAsync(login);

        var pending = JsonDocument.Parse(await hosts.Mock.Tester.GetStringAsync(new Uri("tester/sessions", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        var session = pending.EnumerateArray().Single(s => s.GetProperty("bizSeq").GetString() == bizSeq);
        Assert.Equal("测试平台 " + TestPlatforms.A.ClientId, session.GetProperty("platform").GetString());
        Assert.Matches("^[0-9]{2}$", hosts.Mock.MatchCodeFor(bizSeq));
        using var withShownNumber = await hosts.Mock.ApproveRawAsync(bizSeq, "adult", hosts.Mock.MatchCodeFor(bizSeq));
        Assert.Equal(HttpStatusCode.OK, withShownNumber.StatusCode);
    }

    [Fact]
    public async Task Approve_WithANumberOtherThanTheBrowsers_IsRefusedAndTheLoginStaysPending()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var login = await attacker.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var bizSeq = await attacker.ChooseNetIdAsync(login);

        using var victimGuess = await hosts.Mock.ApproveRawAsync(bizSeq, "adult", OtherThan(hosts.Mock.MatchCodeFor(bizSeq)));

        Assert.Equal(HttpStatusCode.BadRequest, victimGuess.StatusCode);
        Assert.Contains("T0400003", await victimGuess.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("pending", (await attacker.StatusAsync(login)).State);
    }

    [Fact]
    public async Task Approve_WrongNumberThreeTimes_FailsTheLoginWithNI1021()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await attacker.StartAsync(request);
        var bizSeq = await attacker.ChooseNetIdAsync(login);
        var wrong = OtherThan(hosts.Mock.MatchCodeFor(bizSeq));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var _ = await hosts.Mock.ApproveRawAsync(bizSeq, "adult", wrong);
        }

        var status = await attacker.PollUntilFinishedAsync(login);

        Assert.Equal("failed", status.State);
        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1021", bizSeq);
        ProtocolAssert.LoginError(await attacker.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1021");
    }

    [Fact]
    public async Task Login_WithAnApprovalMatchedToAnotherNumber_ReturnsAccessDeniedNI1121()
    {
        await using var broker = new BrokerHost(hosts.Mock.Address, services: services =>
            TamperingAuthority.Decorate(services, credential => credential with { MatchedCode = OtherThan(credential.MatchedCode!) }));
        var driver = new LoginDriver(broker.CreateBrowser(), hosts.Mock);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);

        var (bizSeq, _) = await driver.FailAsync(login, "adult");

        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1121", bizSeq);
        ProtocolAssert.LoginError(await driver.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1121");
    }

    [Fact]
    public async Task Login_WithAnUnmatchedApproval_ReturnsAccessDeniedNI1121()
    {
        await using var broker = new BrokerHost(hosts.Mock.Address, services: services =>
            TamperingAuthority.Decorate(services, credential => credential with { MatchedCode = null }));
        var driver = new LoginDriver(broker.CreateBrowser(), hosts.Mock);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);

        await driver.FailAsync(login, "adult");

        ProtocolAssert.LoginError(await driver.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1121");
    }

    private static string OtherThan(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 37) % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
