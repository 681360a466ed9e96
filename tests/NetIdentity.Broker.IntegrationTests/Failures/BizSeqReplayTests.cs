using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// A credential's bizSeq is accepted once (authority-contract §8.3). The login lives in a cookie,
/// so a person can keep an old copy; the authority re-serves a credential for 120 s after the
/// answer (contract §3). Replaying the old cookie must not log anyone in a second time.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class BizSeqReplayTests(BrokerFixture fixture)
{
    private static readonly Uri Broker = new("http://localhost/");

    [Fact]
    public async Task Status_WhenAwaitingCookieReplayedAfterLogin_FailsWithNI1103AndIssuesNoSecondCode()
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

        cookies.Add(new Cookie(awaiting.Name, awaiting.Value, "/", Broker.Host));
        var status = await driver.StatusAsync(login);

        Assert.Equal("failed", status.State);
        ProtocolAssert.FailureLogged(await fixture.Broker.LatestLogEntryAsync(), TestPlatforms.A, "NI1103", bizSeq);
        ProtocolAssert.LoginError(await driver.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1103");
    }

    /// <summary>
    /// The same replay one step later: the cookie saved once the login was verified, restored
    /// after the code was issued, goes straight to the authorization endpoint, which signs in
    /// again from the cookie alone. The store marks the one code a verified bizSeq may yield
    /// (ICodeIssuance), so the replay ends in NI1103 instead of a second code.
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
        var landing = await driver.FollowToPlatformAsync(status.Next!);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1103");
    }

    private static Cookie TransactionCookie(CookieContainer cookies) =>
        Assert.Single(cookies.GetCookies(Broker), c => c.Name.StartsWith("netid.tx.", StringComparison.Ordinal));
}
