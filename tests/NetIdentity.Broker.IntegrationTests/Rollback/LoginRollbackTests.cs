using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Rollback;

/// <summary>
/// The login's state lives on the server and moves only forward (issue 8 §5). Each test is an
/// attack that worked while the whole state lived in the cookie: keep an older copy of the
/// browser's cookies, or race two requests, and the login went back to a state it had left.
/// </summary>
public sealed class LoginRollbackTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private static readonly Uri Broker = new("http://localhost/");

    [Fact]
    public async Task GuardianConsent_WhenCookiesFromBeforeARefusalAreReplayed_CannotAgreeAfterwards()
    {
        await using var broker = hosts.StartBroker();
        var cookies = new CookieContainer();
        var driver = new LoginDriver(broker.CreateBrowser(cookies), hosts.Mock);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var consent = await ReachGuardianConsentAsync(driver, request);
        var before = Snapshot(cookies);

        var refused = await driver.DecideConsentAsync(new ConsentPage(consent.Page!, consent.Html!), [], "refuse");
        Restore(cookies, before);
        var replayed = await driver.DecideConsentAsync(new ConsentPage(consent.Page!, consent.Html!), ["netid.age"], "agree");
        var childLogin = consent.Page![..^"/guardian-consent".Length];
        var landing = await driver.ReturnFromFailedPageAsync(childLogin);

        Assert.Equal(childLogin + "/failed", refused);
        Assert.Equal(childLogin + "/failed", replayed);
        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1501");
        var ledger = await broker.ConsentLedgerAsync();
        Assert.DoesNotContain(ledger, e => e.Decision == ConsentDecision.Granted);
        Assert.Single(ledger, e => e.Decision == ConsentDecision.Refused);
    }

    [Fact]
    public async Task GuardianVerification_OnTheAppPath_AsksForTheGuardiansPasswordEvenWhenThePlatformNeedsLevel1()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var guardianLogin = await StartGuardianAsync(driver, request);
        var bizSeq = await driver.ChooseNetIdAsync(guardianLogin);

        // A wrong 口令 fails only where one is asked: the guardian's session is R02 or stronger.
        await hosts.Mock.ApproveAsync(bizSeq, "guardian", password: "000000");
        var status = await driver.PollUntilFinishedAsync(guardianLogin);

        Assert.Equal("failed", status.State);
        Assert.Equal("NI1005", (await broker.LatestLogEntryAsync()).ResultCode);
    }

    [Fact]
    public async Task Authorize_WhenTwoRequestsRaceAfterVerification_IssuesExactlyOneCode()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        await hosts.Mock.ApproveAsync(await driver.ChooseNetIdAsync(login), "adult");
        var status = await driver.PollUntilFinishedAsync(login);
        Assert.Equal("verified", status.State);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AuthorizeOnceAsync(driver.Browser, status.Next!)));

        Assert.Equal(1, answers.Count(a => a.Contains("code=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancel_WhenPostedAgainWithTheSameCookies_WritesOneLogRow()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        var page = await driver.Browser.GetStringAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LoginDriver.Antiforgery(page) });
            using var response = await driver.Browser.PostAsync(new Uri(login + "?handler=Cancel", UriKind.Relative), form, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.Single(await broker.AuthenticationLogAsync(), r => r.ResultCode == "NI1301");
    }

    [Fact]
    public async Task Status_PolledAgainWithinTheMinimumInterval_DoesNotAskTheAuthority()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var bizSeq = await driver.ChooseNetIdAsync(login);
        Assert.Equal("pending", (await driver.StatusAsync(login)).State);
        await hosts.Mock.ApproveAsync(bizSeq, "adult");

        using var tooSoon = await driver.Browser.GetAsync(new Uri(login + "/netid/status", UriKind.Relative), TestContext.Current.CancellationToken);
        var pending = await tooSoon.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
        var later = await driver.StatusAsync(login);

        Assert.Contains("\"pending\"", pending, StringComparison.Ordinal);
        Assert.Equal("1", tooSoon.Headers.RetryAfter!.ToString());
        Assert.Equal("verified", later.State);
    }

    /// <summary>A child verifies, then the guardian verifies in a login of their own; returns the guardian's consent page.</summary>
    private async Task<Stop> ReachGuardianConsentAsync(LoginDriver driver, AuthorizationRequest request)
    {
        var guardianLogin = await StartGuardianAsync(driver, request);
        var bizSeq = await driver.ChooseNetIdAsync(guardianLogin);
        await hosts.Mock.ApproveAsync(bizSeq, "guardian");
        var consent = await driver.FollowAsync(guardianLogin + "/netid/continue");
        Assert.EndsWith("/guardian-consent", consent.Page, StringComparison.Ordinal);
        return consent;
    }

    private static async Task<string> StartGuardianAsync(LoginDriver driver, AuthorizationRequest request)
    {
        var stop = await driver.VerifyAsync(request, "child-under-14");
        Assert.EndsWith("/guardian", stop.Page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LoginDriver.Antiforgery(stop.Html!) });
        using var started = await driver.Browser.PostAsync(new Uri(stop.Page + "?handler=Start", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return started.Headers.Location!.ToString();
    }

    private static async Task<string> AuthorizeOnceAsync(HttpClient browser, string location)
    {
        using var response = await browser.GetAsync(new Uri(location, UriKind.Relative), TestContext.Current.CancellationToken);
        return response.Headers.Location?.ToString() ?? $"status {(int)response.StatusCode}";
    }

    private static List<Cookie> Snapshot(CookieContainer cookies) => [.. cookies.GetCookies(Broker).Cast<Cookie>()];

    private static void Restore(CookieContainer cookies, List<Cookie> snapshot)
    {
        foreach (var cookie in snapshot)
        {
            cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, Broker.Host));
        }
    }
}
