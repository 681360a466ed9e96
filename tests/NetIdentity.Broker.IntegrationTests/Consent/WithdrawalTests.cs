using System.Net;
using System.Text.Json;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// Withdrawal, as easy as the consent (PIPL Art. 15): one press on <c>/my</c> ends the grant, is
/// recorded in the ledger, makes the platform's tokens inactive (RFC 7662), erases identity still
/// waiting for delivery and queues a signed event telling the platform to delete what it kept
/// (PIPL Art. 47). How that event is delivered is Events/'s subject; here it is only queued.
/// </summary>
public sealed class WithdrawalTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string AgeWithRefresh = "openid netid netid.age offline_access";

    [Fact]
    public async Task Withdraw_AGrant_ReturnsToMyWhereItIsNoLongerInForce()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeWithRefresh }, grant: ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();

        var answer = await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/my?withdrawn=1", answer.Location);
        var after = await driver.MyPageAsync(answer.Location!);
        Assert.Equal("withdrawn", after.Message);
        Assert.Equal([TestPlatforms.Lawful.ClientId], after.Platforms);
        Assert.Empty(after.Grants);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_AGrant_RecordsAWithdrawalThatReferencesIt()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age netid.masked" }, grant: ["netid.age", "netid.masked"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        var grant = Assert.Single(await broker.ConsentLedgerAsync());

        await driver.WithdrawAsync(page, grant.Id);

        var ledger = await broker.ConsentLedgerAsync();
        Assert.Equal(2, ledger.Count);
        var withdrawal = ledger[^1];
        Assert.Equal(ConsentDecision.Withdrawn, withdrawal.Decision);
        Assert.Equal(grant.Id, withdrawal.Withdraws);
        Assert.Equal(["netid.age", "netid.masked"], withdrawal.Scopes);
        Assert.Equal((grant.PersonKey, grant.Subject, grant.ClientId), (withdrawal.PersonKey, withdrawal.Subject, withdrawal.ClientId));
        Assert.Null(withdrawal.Receipt);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_AGrant_MakesThePlatformsAccessAndRefreshTokensInactive()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var tokens = await LoginAndRedeemAsync(driver, AgeWithRefresh, ["netid.age"]);
        Assert.True(await ActiveAsync(driver, tokens.AccessToken!));
        Assert.True(await ActiveAsync(driver, tokens.RefreshToken!));
        var page = await driver.SignInToMyAuthorizationsAsync();

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.False(await ActiveAsync(driver, tokens.AccessToken!));
        Assert.False(await ActiveAsync(driver, tokens.RefreshToken!));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task UserInfo_AfterWithdrawal_RefusesThePlatformsAccessToken()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var tokens = await LoginAndRedeemAsync(driver, AgeWithRefresh, ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        await driver.WithdrawAsync(page, Assert.Single(page.Grants));
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await driver.Browser.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("netid_age_band", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Refresh_AfterWithdrawal_IsInvalidGrant()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var tokens = await LoginAndRedeemAsync(driver, AgeWithRefresh, ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        var refreshed = await driver.RefreshAsync(TestPlatforms.Lawful, tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
        Assert.Equal("The specified refresh token is no longer valid.", refreshed.ErrorDescription);
        Assert.Null(refreshed.AccessToken);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_AGrant_LeavesTokensOfAnEarlierLoginThatRefusedItsScopeActive()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var unrelated = await LoginAndRedeemAsync(driver, AgeWithRefresh, grant: null);
        await LoginAndRedeemAsync(driver, AgeWithRefresh, ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.True(await ActiveAsync(driver, unrelated.AccessToken!));
        Assert.True(await ActiveAsync(driver, unrelated.RefreshToken!));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_AGrant_AlsoMakesTokensOfALaterLoginThatRememberedItInactive()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await LoginAndRedeemAsync(driver, AgeWithRefresh, ["netid.age"]);
        var remembered = await LoginAndRedeemAsync(driver, AgeWithRefresh, grant: null);
        var page = await driver.SignInToMyAuthorizationsAsync();

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.False(await ActiveAsync(driver, remembered.AccessToken!));
        Assert.False(await ActiveAsync(driver, remembered.RefreshToken!));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_WithoutTheAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeWithRefresh }, grant: ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();

        var answer = await driver.WithdrawAsync(page, Assert.Single(page.Grants), antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Single(await broker.ConsentLedgerAsync());
        Assert.Empty(await broker.EventOutboxAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_IdentityGrant_ErasesTheIdentityStillWaitingForDelivery()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" }, separateConsent: true);
        Assert.Equal(1, await broker.IdentityDeliveryCountAsync());
        var page = await driver.SignInToMyAuthorizationsAsync();

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_AGrant_QueuesAnEventForThePlatformThatStaysUndeliveredWhileNobodyListens()
    {
        await using var broker = hosts.StartBroker(settings: new Dictionary<string, string?> { ["Broker:OutboxPollInterval"] = "00:00:00.100" });
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeWithRefresh }, grant: ["netid.age"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        var grant = Assert.Single(page.Grants);

        await driver.WithdrawAsync(page, grant);

        var queued = await FirstAttemptAsync(broker);
        Assert.Equal(TestPlatforms.Lawful.ClientId, queued.ClientId);
        Assert.Equal(TestPlatforms.ClosedEventEndpoint.AbsoluteUri, queued.Endpoint);
        Assert.Null(queued.DeliveredAt);
        // The outbox keeps the SET's claims; they are signed when sent (docs/events.md).
        var consentWithdrawn = JsonDocument.Parse(queued.Payload).RootElement.GetProperty("events").GetProperty(SecurityEvents.ConsentWithdrawn);
        Assert.Equal(grant, consentWithdrawn.GetProperty("consent_id").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Withdraw_SomeoneElsesGrant_IsNotFoundAndChangesNothing()
    {
        await using var broker = hosts.StartBroker();
        var theirs = await LoginAndRedeemAsync(hosts.NewDriver(broker), AgeWithRefresh, ["netid.age"], "guardian");
        var theirGrant = Assert.Single(await broker.ConsentLedgerAsync()).Id;
        var driver = hosts.NewDriver(broker);
        var page = await driver.SignInToMyAuthorizationsAsync();

        var answer = await driver.WithdrawAsync(page, theirGrant);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Single(await broker.ConsentLedgerAsync());
        Assert.Empty(await broker.EventOutboxAsync());
        Assert.True(await ActiveAsync(driver, theirs.AccessToken!));
        Assert.True(await ActiveAsync(driver, theirs.RefreshToken!));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_AfterWithdrawal_AsksForConsentAgain()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age netid.masked" }, grant: ["netid.age", "netid.masked"]);
        var page = await driver.SignInToMyAuthorizationsAsync();
        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age netid.masked" });

        Assert.Equal(["netid.age", "netid.masked"], new ConsentPage(stop.Page!, stop.Html!).Items);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    private static async Task<TokenResponse> LoginAndRedeemAsync(LoginDriver driver, string scope, IReadOnlyCollection<string>? grant, string persona = "adult")
    {
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = scope };
        var login = await driver.LoginWithConsentAsync(request, persona, grant);
        var tokens = await driver.RedeemAsync(request, login.Code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    /// <summary>What RFC 7662 introspection, by the platform itself, says of <paramref name="token"/>.</summary>
    private static async Task<bool> ActiveAsync(LoginDriver driver, string token) =>
        (await driver.IntrospectAsync(TestPlatforms.Lawful, token)).GetProperty("active").GetBoolean();

    /// <summary>The one queued event, once the dispatcher has tried it (bounded wait).</summary>
    private static async Task<OutboxRow> FirstAttemptAsync(BrokerHost broker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var row = Assert.Single(await broker.EventOutboxAsync());
        while (row.Attempts == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            row = Assert.Single(await broker.EventOutboxAsync());
        }

        Assert.True(row.Attempts > 0, "The dispatcher never tried the event.");
        return row;
    }
}
