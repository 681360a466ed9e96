using System.Net;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Consent;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Logout;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 through the real broker (issue 12 §2, docs/events.md):
/// a <c>sid</c> in the ID tokens of platforms registered for it; a logout token (§2.4) POSTed as a
/// form (§2.5) through the durable outbox when the person signs out of every platform on
/// <c>/my</c> or withdraws everything from one; nothing for a platform that registered no URI.
/// </summary>
public sealed class BackChannelLogoutTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task IdToken_ForAPlatformRegisteredForLogout_CarriesARandomSid()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);

        var (_, first) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        var (_, second) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);

        Assert.Equal(Released.With(Released.DefaultIdToken, "sid"), IdTokens.ClaimNames(first));
        Assert.Matches("^[A-Za-z0-9_-]{22}$", first.GetPayloadValue<string>("sid"));
        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.GetPayloadValue<string>("sid"), second.GetPayloadValue<string>("sid"));
    }

    [Fact]
    public async Task IdToken_ForAPlatformWithoutALogoutUri_CarriesNoSid()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);

        var (_, idToken) = await LogoutBroker.LoginAsync(driver, TestPlatforms.B);

        Assert.Equal(Released.DefaultIdToken, IdTokens.ClaimNames(idToken));
    }

    [Fact]
    public async Task SignOutEverywhere_SendsALogoutTokenExactlyAsTheSpecWritesIt()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var (_, idToken) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        var page = await driver.SignInToMyAuthorizationsAsync();

        var answer = await driver.SignOutEverywhereAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/my?signedOut=1", answer.Location);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var token = await LogoutBroker.VerifyAsync(driver.Browser, Assert.Single(receiver.LogoutTokens()), TestPlatforms.Lawful.ClientId);
        Assert.Equal("logout+jwt", token.Typ);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(["aud", "events", "exp", "iat", "iss", "jti", "sid", "sub"], IdTokens.ClaimNames(token));
        Assert.Equal(idToken.Subject, token.Subject);
        Assert.Equal(idToken.GetPayloadValue<string>("sid"), token.GetPayloadValue<string>("sid"));
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        var events = LogoutBroker.Events(token);
        var only = Assert.Single(events.EnumerateObject());
        Assert.Equal("http://schemas.openid.net/event/backchannel-logout", only.Name);
        Assert.Equal("{}", only.Value.GetRawText());
        Assert.Equal("signed-out", (await driver.MyPageAsync(answer.Location!)).Message);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task LogoutToken_CannotPassForAnIdToken()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var (_, idToken) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());

        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Assert.Single(receiver.LogoutTokens()));

        // §2.4: no nonce (an ID token's nonce check fails), explicit typ (an ID token is "JWT"), and
        // none of an ID token's login claims; the ID token itself is typed differently.
        Assert.False(token.TryGetPayloadValue<string>("nonce", out _));
        Assert.Equal("logout+jwt", token.Typ);
        Assert.NotEqual(idToken.Typ, token.Typ);
        Assert.DoesNotContain(IdTokens.ClaimNames(token), c => c is "nonce" or "auth_time" or "acr" or "azp" or "at_hash" or "netid_result");
    }

    [Fact]
    public async Task SignOutEverywhere_AtTwoPlatforms_SendsUnlinkableSubjectsAndSids()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);
        var (_, atLawful) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        var (_, atOrdinary) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Ordinary);

        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());

        Assert.True(await receiver.WaitForRequestsAsync(2, Wait));
        var tokens = receiver.LogoutTokens().Select(t => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(t)).ToDictionary(t => t.Audiences.Single());
        Assert.Equal(2, tokens.Count);
        Assert.Equal(atLawful.GetPayloadValue<string>("sid"), tokens[TestPlatforms.Lawful.ClientId].GetPayloadValue<string>("sid"));
        Assert.Equal(atOrdinary.GetPayloadValue<string>("sid"), tokens[TestPlatforms.Ordinary.ClientId].GetPayloadValue<string>("sid"));
        Assert.NotEqual(tokens[TestPlatforms.Lawful.ClientId].Subject, tokens[TestPlatforms.Ordinary.ClientId].Subject);
        Assert.NotEqual(tokens[TestPlatforms.Lawful.ClientId].GetPayloadValue<string>("sid"), tokens[TestPlatforms.Ordinary.ClientId].GetPayloadValue<string>("sid"));

        // Nothing in one platform's token names the other platform's login.
        var lawfulText = receiver.LogoutTokens().Select(t => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(t)).Single(t => t.Audiences.Single() == TestPlatforms.Lawful.ClientId).EncodedPayload;
        Assert.DoesNotContain(atOrdinary.Subject, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(lawfulText), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutEverywhere_ForgetsTheSessions_SoASecondSendsNothing()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        var page = await driver.SignInToMyAuthorizationsAsync();
        await driver.SignOutEverywhereAsync(page);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));

        await driver.SignOutEverywhereAsync(await driver.MyPageAsync());

        Assert.Single(await broker.OutboxAsync());
    }

    [Fact]
    public async Task SignOutEverywhere_WithoutTheAntiforgeryToken_IsRefusedAndQueuesNothing()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);

        var answer = await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync(), antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Empty(await broker.OutboxAsync());
    }

    [Fact]
    public async Task SignOutEverywhere_APlatformWithoutALogoutUri_GetsNothing()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.B);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Ordinary);

        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());

        Assert.Empty(await broker.OutboxAsync());
        Assert.False(await receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Delivery_WhenThePlatformFailsFirst_IsRetriedThroughTheOutboxWithTheSameJtiAndFreshTimes()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        receiver.Status = 500;
        var driver = hosts.NewDriver(broker);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var queued = Assert.Single(await broker.OutboxAsync());
        Assert.Equal(OutboxKind.Logout, queued.Kind);

        var failed = await broker.WaitForAsync(queued.Id, m => m.Attempts >= 1, Wait);
        receiver.Status = 200;
        var delivered = await broker.WaitForAsync(queued.Id, m => m.DeliveredAt is not null, Wait);

        Assert.Equal("500", failed.LastError);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(1, delivered.Attempts);
        var sent = receiver.LogoutTokens().Select(t => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(t)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, t => Assert.Equal(queued.Id, t.Id));
        Assert.Equal([500, 200], receiver.Requests.Select(r => r.AnsweredWith));
        await LogoutBroker.VerifyAsync(driver.Browser, receiver.LogoutTokens()[^1], TestPlatforms.Lawful.ClientId);
    }

    [Fact]
    public async Task Delivery_AnsweredWith202_IsNotALogoutAcknowledgementAndIsRetried()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        receiver.Status = 202;
        var driver = hosts.NewDriver(broker);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());

        var queued = Assert.Single(await broker.OutboxAsync());
        var failed = await broker.WaitForAsync(queued.Id, m => m.Attempts >= 1, Wait);

        Assert.Equal("202", failed.LastError);
        Assert.Null(failed.DeliveredAt);
    }

    [Fact]
    public async Task WithdrawEverything_SignsThePersonOutOfThatPlatformAndRevokesItsTokens()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);
        var (plain, plainIdToken) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful, "openid netid offline_access");
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var consented = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var consentedTokens = await driver.RedeemAsync(request, consented.Code);
        var consentedIdToken = await IdTokens.ValidateAsync(driver.Browser, consentedTokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        await LogoutBroker.LoginAsync(driver, TestPlatforms.Ordinary);
        var page = await driver.SignInToMyAuthorizationsAsync();

        var answer = await driver.WithdrawAllAsync(page, TestPlatforms.Lawful.ClientId);

        Assert.Equal("/my?withdrawn=all", answer.Location);
        Assert.True(await receiver.WaitForRequestsAsync(2, Wait));
        var tokens = receiver.LogoutTokens().Select(t => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(t)).ToList();
        Assert.All(tokens, t => Assert.Equal(TestPlatforms.Lawful.ClientId, t.Audiences.Single()));
        Assert.Equal(
            new[] { plainIdToken, consentedIdToken }.Select(t => t.GetPayloadValue<string>("sid")).Order(StringComparer.Ordinal),
            tokens.Select(t => t.GetPayloadValue<string>("sid")).Order(StringComparer.Ordinal));
        Assert.False(await receiver.WaitForRequestsAsync(3, TimeSpan.FromSeconds(1)));

        // Even the login that needed no consent loses its tokens: nothing at the platform is left.
        Assert.False((await driver.IntrospectAsync(TestPlatforms.Lawful, plain.RefreshToken!)).GetProperty("active").GetBoolean());
        var outbox = await broker.OutboxAsync();
        Assert.Single(outbox, m => m.Kind == OutboxKind.SecurityEvent && JsonDocument.Parse(m.Payload).RootElement.GetProperty("aud").GetString() == TestPlatforms.Lawful.ClientId);
        Assert.Equal("withdrawn-all", (await driver.MyPageAsync(answer.Location!)).Message);
        Assert.Empty((await driver.MyPageAsync()).Grants);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task WithdrawEverything_WhenNoLoginIsNoted_SignsOutEverySessionOfTheSubject()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var consented = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var tokens = await driver.RedeemAsync(request, consented.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);

        // The platform ends that login itself (RP-initiated logout): the broker forgets its sid.
        await EndSessionAsync(driver, tokens.IdToken!);
        await driver.WithdrawAllAsync(await driver.SignInToMyAuthorizationsAsync(), TestPlatforms.Lawful.ClientId);

        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var token = await LogoutBroker.VerifyAsync(driver.Browser, Assert.Single(receiver.LogoutTokens()), TestPlatforms.Lawful.ClientId);
        Assert.Equal(idToken.Subject, token.Subject);
        Assert.False(token.TryGetPayloadValue<string>("sid", out _));
    }

    [Fact]
    public async Task WithdrawEverything_AtAPlatformRequiringSessions_WithNoLoginNoted_SendsNothing()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false, new Dictionary<string, string?>
        {
            [$"Platforms:{TestPlatforms.LawfulIndex}:BackChannelLogoutSessionRequired"] = "true",
        });
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var consented = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var tokens = await driver.RedeemAsync(request, consented.Code);
        await EndSessionAsync(driver, tokens.IdToken!);

        await driver.WithdrawAllAsync(await driver.SignInToMyAuthorizationsAsync(), TestPlatforms.Lawful.ClientId);

        Assert.DoesNotContain(await broker.OutboxAsync(), m => m.Kind == OutboxKind.Logout);
    }

    [Fact]
    public async Task EndSession_ByThePlatform_MakesTheBrokerForgetTheLoginAndTellNobody()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);
        var (lawful, _) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        var (_, atOrdinary) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Ordinary);

        await EndSessionAsync(driver, lawful.IdToken!);

        Assert.Empty(await broker.OutboxAsync());
        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var only = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Assert.Single(receiver.LogoutTokens()));
        Assert.Equal(TestPlatforms.Ordinary.ClientId, only.Audiences.Single());
        Assert.Equal(atOrdinary.GetPayloadValue<string>("sid"), only.GetPayloadValue<string>("sid"));
    }

    [Fact]
    public async Task GuardianWithdrawsApproval_SignsTheChildOutOfThePlatform()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid" };
        var landing = await driver.LoginWithGuardianConsentAsync(request, "child-under-14", "guardian", []);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var page = await driver.SignInToMyAuthorizationsAsync("guardian");

        await driver.WithdrawAsync(page, Assert.Single(page.Grants));

        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var token = await LogoutBroker.VerifyAsync(driver.Browser, Assert.Single(receiver.LogoutTokens()), TestPlatforms.Lawful.ClientId);
        Assert.Equal(idToken.Subject, token.Subject);
        Assert.Equal(idToken.GetPayloadValue<string>("sid"), token.GetPayloadValue<string>("sid"));
    }

    [Fact]
    public async Task Discovery_AnnouncesBackChannelLogoutWithSessions()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);

        var metadata = JsonDocument.Parse(await driver.Browser.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;

        Assert.True(metadata.GetProperty("backchannel_logout_supported").GetBoolean());
        Assert.True(metadata.GetProperty("backchannel_logout_session_supported").GetBoolean());
        var scopes = metadata.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("netid.age_over_14", scopes);
        Assert.Contains("netid.age_over_18", scopes);
    }

    private static async Task EndSessionAsync(LoginDriver driver, string idToken)
    {
        var url = "/connect/endsession?id_token_hint=" + Uri.EscapeDataString(idToken)
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(TestPlatforms.Lawful.RedirectUri + "/logged-out");
        using var response = await driver.Browser.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(TestPlatforms.Lawful.RedirectUri + "/logged-out", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
