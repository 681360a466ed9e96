using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>The person may stop on the broker's own page; the platform is told, and the log keeps it.</summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class CancelTests(BrokerFixture fixture)
{
    [Fact]
    public async Task Cancel_OnMethodPage_ReturnsAccessDeniedNI1301()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);

        var landing = await driver.CancelAsync(login);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1301");
    }

    [Fact]
    public async Task Cancel_OnMethodPage_LogsTheAttemptWithoutSession()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        await driver.CancelAsync(login);

        var row = await fixture.Broker.LatestLogEntryAsync();
        ProtocolAssert.FailureLogged(row, TestPlatforms.B, "NI1301", bizSeq: null);
        Assert.Null(row.BizSeq);
    }
}
