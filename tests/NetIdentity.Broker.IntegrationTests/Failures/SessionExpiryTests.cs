using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// A session the person does not answer within 120 s expires at the authority (contract §3).
/// Moving the mock's clock cannot be undone, so the test runs its own mock and broker.
/// </summary>
public sealed class SessionExpiryTests
{
    [Fact]
    public async Task Login_WhenAppNotAnsweredWithin120Seconds_ReturnsAccessDeniedNI1007()
    {
        await using var mock = await Infrastructure.MockAuthority.StartAsync();
        await using var broker = new BrokerHost(mock.Address);
        var driver = new LoginDriver(broker.CreateBrowser(), mock);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        var bizSeq = await driver.ChooseNetIdAsync(login);
        Assert.Equal("pending", (await driver.StatusAsync(login)).State);
        mock.Clock.Advance(TimeSpan.FromSeconds(121));

        // The broker asks the authority at most once a second per login (Broker:MinimumPollInterval).
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);

        var status = await driver.StatusAsync(login);

        Assert.Equal("failed", status.State);
        ProtocolAssert.LoginError(await driver.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1007");
        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1007", bizSeq);
    }
}
