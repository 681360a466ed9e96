using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// "My authorizations" (<c>/my</c>, PIPL Art. 15, 45): the person signs in with 网号/网证 on the
/// broker's own pages and sees every platform they gave consent to, each grant in force, and its
/// signed receipt to download.
/// </summary>
public sealed class MyAuthorizationsTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task My_WhenSignedOut_RedirectsToMyLogin()
    {
        await using var broker = hosts.StartBroker();
        var browser = broker.CreateBrowser();

        using var response = await browser.GetAsync(new Uri("/my", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my/login", response.Headers.Location!.AbsolutePath);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task My_AfterSigningIn_ListsThePlatformAndEachGrantInForce()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(
            new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age netid.masked netid.identity" }, grant: ["netid.age"], separateConsent: true);

        var page = await driver.SignInToMyAuthorizationsAsync();

        var ledger = await broker.ConsentLedgerAsync();
        var grants = ledger.Where(e => e.Decision == ConsentDecision.Granted).Select(e => e.Id).ToList();
        Assert.Equal(3, ledger.Count); // age granted, masked refused, identity granted
        Assert.Equal([TestPlatforms.Lawful.ClientId], page.Platforms);
        Assert.Equal(grants.Order(StringComparer.Ordinal), page.GrantsOf(TestPlatforms.Lawful.ClientId).Order(StringComparer.Ordinal));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task My_ForSomeoneWhoNeverConsented_ListsNoPlatform()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var page = await driver.SignInToMyAuthorizationsAsync();

        Assert.Empty(page.Platforms);
        Assert.Contains("data-empty", page.Html, StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task My_ForAGuardian_NamesTheChildsUseOfThePlatformNotPlaintextIdentity()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithGuardianConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" }, "child-under-14", "guardian", ["netid.age"]);

        var page = await driver.SignInToMyAuthorizationsAsync("guardian");

        Assert.Equal("孩子使用该平台、年龄段", page.Description(Assert.Single(page.Grants)));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipt_Downloaded_IsTheLedgersReceiptAsJwt()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" }, grant: ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        var grant = Assert.Single(page.Grants);

        using var response = await driver.Browser.GetAsync(new Uri($"/my/receipts/{grant}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Assert.Single(await broker.ConsentLedgerAsync()).Receipt, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipt_OfSomeoneElsesGrant_IsNotFound()
    {
        await using var broker = hosts.StartBroker();
        await hosts.NewDriver(broker).LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" }, "guardian", grant: ["netid.age"]);
        var theirs = Assert.Single(await broker.ConsentLedgerAsync()).Id;
        var driver = hosts.NewDriver(broker);
        await driver.SignInToMyAuthorizationsAsync();

        using var response = await driver.Browser.GetAsync(new Uri($"/my/receipts/{theirs}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await PlaintextScan.AssertNoneAsync(broker);
    }
}
