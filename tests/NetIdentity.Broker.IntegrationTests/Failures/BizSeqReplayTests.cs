using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// A credential's bizSeq is accepted once (authority-contract §8.3). A person can keep an old copy
/// of the login cookie; the authority re-serves a credential for 120 s after the answer (contract
/// §3). Replaying the old cookie must not log anyone in a second time: the login lived on the
/// server and ended with its code, so the copy refers to nothing.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class BizSeqReplayTests(BrokerFixture fixture)
{
    private static readonly Uri Broker = new("http://localhost/");

    [Fact]
    public async Task Status_WhenAwaitingCookieReplayedAfterLogin_FindsNoLoginAndIssuesNoSecondCode()
    {
        var cookies = new CookieContainer();
        var driver = new LoginDriver(fixture.Broker.CreateBrowser(cookies), fixture.Mock);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        var bizSeq = await driver.ChooseNetIdAsync(login);
        var awaiting = TransactionCookie(cookies);
        await fixture.Mock.ApproveAsync(bizSeq, "adult");
        Assert.Contains("code", LoginDriver.Query(await driver.FinishAsync(login)).Keys);
        Assert.DoesNotContain(cookies.GetCookies(Broker), c => c.Name == awaiting.Name);
        var logged = (await fixture.Broker.AuthenticationLogAsync()).Count;

        cookies.Add(new Cookie(awaiting.Name, awaiting.Value, "/", Broker.Host));
        using var status = await driver.Browser.GetAsync(new Uri(login + "/netid/status", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Contains("NI1302", await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(logged, (await fixture.Broker.AuthenticationLogAsync()).Count);
    }

    /// <summary>
    /// The same replay one step later: the cookie saved once the login was verified, restored
    /// after the code was issued, goes straight to the authorization endpoint. The login it named
    /// is gone, so the endpoint starts a new one, which needs a new verification. (Behind that,
    /// the store still marks the one code a verified bizSeq may yield: ICodeIssuance.)
    /// </summary>
    [Fact]
    public async Task Authorize_WhenVerifiedCookieReplayedAfterCode_IssuesNoSecondCode()
    {
        var cookies = new CookieContainer();
        var driver = new LoginDriver(fixture.Broker.CreateBrowser(cookies), fixture.Mock);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);
        await fixture.Mock.ApproveAsync(await driver.ChooseNetIdAsync(login), "adult");
        var status = await driver.PollUntilFinishedAsync(login);
        var verified = TransactionCookie(cookies);
        Assert.Contains("code", LoginDriver.Query(await driver.FollowToPlatformAsync(status.Next!)).Keys);

        cookies.Add(new Cookie(verified.Name, verified.Value, "/", Broker.Host));
        using var replayed = await driver.Browser.GetAsync(new Uri(status.Next!, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal(login, replayed.Headers.Location!.ToString());
        Assert.Equal("Choosing", Assert.Single(await fixture.Broker.LoginStatesAsync(), s => s.LoginId == login.Split('/')[2]).State);
    }

    private static Cookie TransactionCookie(CookieContainer cookies) =>
        Assert.Single(cookies.GetCookies(Broker), c => c.Name.StartsWith("netid.tx.", StringComparison.Ordinal));
}
