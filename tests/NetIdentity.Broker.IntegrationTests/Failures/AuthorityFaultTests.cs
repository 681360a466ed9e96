using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// The authority is a remote dependency (authority-contract §8.5): when it is down or slow the
/// login ends with <c>temporarily_unavailable</c>, promptly. Faults are injected at this class's
/// own mock (they apply to every /v1 call), under a broker with short timeouts.
/// </summary>
public sealed class AuthorityFaultTests(AuthorityFaultTests.Hosts hosts) : IClassFixture<AuthorityFaultTests.Hosts>
{
    [Fact]
    public async Task Login_WhenCredentialQueryOutlastsTotalTimeout_ReturnsTemporarilyUnavailableNI1202()
    {
        var driver = hosts.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        var bizSeq = await driver.ChooseNetIdAsync(login);
        await hosts.Mock.ApproveAsync(bizSeq, "adult");
        await hosts.Mock.SetFaultsAsync(outage: false, delayMs: 5000);
        try
        {
            Assert.Equal("failed", (await driver.StatusAsync(login)).State);
        }
        finally
        {
            await hosts.Mock.ClearFaultsAsync();
        }

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "temporarily_unavailable", "NI1202");
        ProtocolAssert.FailureLogged(await hosts.Broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1202", bizSeq);
    }

    [Fact]
    public async Task ChooseNetId_WhenAuthorityDownAtSessionOpening_GoesStraightToFailurePage()
    {
        var driver = hosts.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        await hosts.Mock.SetFaultsAsync(outage: true, delayMs: 0);
        string bizSeq;
        try
        {
            bizSeq = await driver.ChooseNetIdAsync(login);
        }
        finally
        {
            await hosts.Mock.ClearFaultsAsync();
        }

        var page = await driver.FailedPageAsync(login);

        Assert.Empty(bizSeq);
        Assert.Contains("data-error-code=\"NI1201\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChooseNetId_FromABrowser_WhenAuthorityDownAtSessionOpening_GoesStraightToFailurePage()
    {
        var driver = hosts.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        await hosts.Mock.SetFaultsAsync(outage: true, delayMs: 0);
        try
        {
            // A browser is answered with the waiting page only when there is something to wait for.
            using var answer = await driver.SubmitNetIdAsync(login, fetchDest: "document");
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal(login + "/failed", answer.Headers.Location!.ToString());
        }
        finally
        {
            await hosts.Mock.ClearFaultsAsync();
        }

        Assert.Contains("data-error-code=\"NI1201\"", await driver.FailedPageAsync(login), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WhenAuthorityDownAtSessionOpening_ReturnsTemporarilyUnavailableNI1201()
    {
        var driver = hosts.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        await hosts.Mock.SetFaultsAsync(outage: true, delayMs: 0);
        try
        {
            Assert.Empty(await driver.ChooseNetIdAsync(login));
        }
        finally
        {
            await hosts.Mock.ClearFaultsAsync();
        }

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "temporarily_unavailable", "NI1201");
        var row = await hosts.Broker.LatestLogEntryAsync();
        ProtocolAssert.FailureLogged(row, TestPlatforms.A, "NI1201", bizSeq: null);
        Assert.Matches("^[A-Za-z0-9]{32}$", row.BizSeq);
    }

    /// <summary>A mock of this class's own (faults are global to it) and a broker that gives up fast.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        private Infrastructure.MockAuthority? _mock;
        private BrokerHost? _broker;

        internal Infrastructure.MockAuthority Mock => _mock ?? throw new InvalidOperationException("Not started.");

        internal BrokerHost Broker => _broker ?? throw new InvalidOperationException("Not started.");

        internal LoginDriver NewDriver() => new(Broker.CreateBrowser(), Mock);

        public async ValueTask InitializeAsync()
        {
            _mock = await Infrastructure.MockAuthority.StartAsync();
            _broker = new BrokerHost(_mock.Address, new Dictionary<string, string?>
            {
                ["Authority:AttemptTimeout"] = "00:00:01",
                ["Authority:TotalTimeout"] = "00:00:02",
                ["Authority:MaxRetries"] = "1",
            });
            _ = _broker.Server;
        }

        public async ValueTask DisposeAsync()
        {
            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }

            if (_mock is not null)
            {
                await _mock.DisposeAsync();
            }
        }
    }
}
