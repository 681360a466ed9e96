using System.Net;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Relay;

/// <summary>
/// A relayed app link (issue 8 §3): approved through the app link, the app returns to the browser
/// with a one-time value (authority-contract §3 v2), which only the browser holding the login may
/// present, once, at <c>/login/{id}/netid/return</c>. A relayed link returns to the victim's
/// browser: it is refused there (NI1122 page) and the attacker's login never completes — it stays
/// pending, then fails with NI1122 once the 60 s return grace has passed (CredentialRules).
/// </summary>
public sealed class RelayedAppLinkTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task AppLinkApproval_ReturnedToTheBrowserThatStartedIt_CompletesTheLogin()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var bizSeq = await driver.ChooseNetIdAsync(login);

        var returnTo = await ApproveThroughAppLinkAsync(bizSeq);
        Assert.StartsWith(login + "/netid/return?returnValue=", returnTo, StringComparison.Ordinal);
        var landing = await driver.FollowToPlatformAsync(returnTo);

        Assert.Contains("code", LoginDriver.Query(landing).Keys);
    }

    [Fact]
    public async Task AppLinkApproval_WithoutTheReturn_LeavesTheLoginPendingAndIssuesNoCode()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await attacker.StartAsync(request);
        var bizSeq = await attacker.ChooseNetIdAsync(login);

        await ApproveThroughAppLinkAsync(bizSeq);

        for (var poll = 0; poll < 3; poll++)
        {
            Assert.Equal("pending", (await attacker.StatusAsync(login)).State);
        }

        using var authorize = await attacker.Browser.GetAsync(new Uri(request.Url(), UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Equal(login + "/netid", authorize.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ReturnValue_PresentedByAnotherBrowser_IsRefusedAndTheLoginNeverCompletes()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var login = await attacker.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var bizSeq = await attacker.ChooseNetIdAsync(login);
        var returnTo = await ApproveThroughAppLinkAsync(bizSeq);
        using var victim = broker.CreateBrowser();

        using var refused = await victim.GetAsync(new Uri(returnTo, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/errors/NI1122", refused.Headers.Location!.ToString());
        Assert.Equal("no-referrer", refused.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("pending", (await attacker.StatusAsync(login)).State);
        var page = await victim.GetStringAsync(new Uri("/errors/NI1122", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("您的信息未被提供", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppLinkApproval_NeverReturnedWithinTheGrace_FailsTheLoginWithNI1122()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await attacker.StartAsync(request);
        var bizSeq = await attacker.ChooseNetIdAsync(login);

        // The victim approved 70 s ago (the mock's clock dates the credential); no return came here.
        hosts.Mock.Clock.Advance(TimeSpan.FromSeconds(-70));
        try
        {
            await ApproveThroughAppLinkAsync(bizSeq);
        }
        finally
        {
            hosts.Mock.Clock.Advance(TimeSpan.FromSeconds(70));
        }

        Assert.Equal("failed", (await attacker.StatusAsync(login)).State);
        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1122", bizSeq);
        ProtocolAssert.LoginError(await attacker.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1122");
    }

    [Fact]
    public async Task ReturnValue_PresentedTwice_IsRefusedTheSecondTime()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var returnTo = await ApproveThroughAppLinkAsync(await driver.ChooseNetIdAsync(login));
        using var first = await driver.Browser.GetAsync(new Uri(returnTo, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/connect/authorize", first.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var replayed = await driver.Browser.GetAsync(new Uri(returnTo, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/errors/NI1122", replayed.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ReturnValue_OfAnotherLogin_FailsThisLoginWithNI1122()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var first = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var firstReturn = await ApproveThroughAppLinkAsync(await driver.ChooseNetIdAsync(first));
        var secondRequest = new AuthorizationRequest(TestPlatforms.B);
        var second = await driver.StartAsync(secondRequest);
        var secondBizSeq = await driver.ChooseNetIdAsync(second);
        var replayedValue = firstReturn[firstReturn.IndexOf('?', StringComparison.Ordinal)..];
        await ApproveThroughAppLinkAsync(secondBizSeq);

        using var replayed = await driver.Browser.GetAsync(new Uri(second + "/netid/return" + replayedValue, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal(second + "/failed", replayed.Headers.Location!.ToString());
        ProtocolAssert.LoginError(await driver.ReturnFromFailedPageAsync(second), secondRequest, "access_denied", "NI1122");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?returnValue=short")]
    [InlineData("?returnValue=%3Cscript%3Ealert(1)%3C%2Fscript%3E0123456789")]
    public async Task Return_WithoutAWellFormedValue_IsRefused(string query)
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        await driver.ChooseNetIdAsync(login);

        using var response = await driver.Browser.GetAsync(new Uri(login + "/netid/return" + query, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("/errors/NI1122", response.Headers.Location!.ToString());
        Assert.Equal("pending", (await driver.StatusAsync(login)).State);
    }

    /// <summary>The person approves in the app opened by the app link; returns where the app sends them (path and query).</summary>
    private async Task<string> ApproveThroughAppLinkAsync(string bizSeq)
    {
        using var response = await hosts.Mock.ApproveRawAsync(bizSeq, "adult", hosts.Mock.MatchCodeFor(bizSeq), channel: "applink");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("returnTo").GetString()!).PathAndQuery;
    }
}
