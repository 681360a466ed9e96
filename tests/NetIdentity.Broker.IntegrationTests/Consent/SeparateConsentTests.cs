using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// Separate consent to plaintext identity (PRODUCT rule 2; PIPL Art. 14, 23, 29): its own screen
/// after the ordinary one, naming each field, the recipient, the purpose, the legal basis and the
/// retention, with a tick nobody ticked in advance. The broker asks the authority only after
/// consent, hands the plaintext to userinfo once within five minutes, and never puts it in a
/// token. (A platform without a legal basis is refused the scope: Protocol/AuthorizationRequestTests.)
/// </summary>
public sealed class SeparateConsentTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string Everything = "openid netid netid.age netid.masked netid.identity";

    [Fact]
    public async Task Login_AskingForIdentity_ShowsTheSeparateScreenAfterTheOrdinaryOne()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var login = await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = Everything }, grant: ["netid.age"], separateConsent: true);

        Assert.Equal(["consent", "identity-consent"], login.Screens);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task ConsentPage_WhenIdentityIsAlsoAsked_LeavesIdentityToItsOwnScreen()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = Everything });

        Assert.Equal(["netid.age", "netid.masked"], new ConsentPage(stop.Page!, stop.Html!).Items);
        Assert.DoesNotContain("separateConsent", stop.Html, StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task ConsentPage_PostedWithIdentityAmongTheTicks_StillLeavesIdentityToItsOwnScreen()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = Everything });

        var next = await driver.DecideConsentAsync(new ConsentPage(stop.Page!, stop.Html!), ["netid.age", "netid.identity"], "agree");

        Assert.Matches("^/login/[A-Za-z0-9_-]{22}/identity-consent$", (await driver.FollowAsync(next)).Page);
        var ledger = await broker.ConsentLedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.Equal((ConsentDecision.Granted, ConsentDecision.Refused), (ledger[0].Decision, ledger[1].Decision));
        Assert.Equal(["netid.age"], ledger[0].Scopes);
        Assert.Equal(["netid.masked"], ledger[1].Scopes);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task SeparateConsentPage_NamesEachFieldTheRecipientPurposeLegalBasisAndRetention()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var page = await SeparateConsentPageAsync(driver, "openid netid netid.identity");

        Assert.Equal(["name", "idType", "idNumber"], page.Fields);
        Assert.Equal($"测试平台 {TestPlatforms.Lawful.ClientId}（{TestPlatforms.Lawful.ClientId}）", page.Fact("recipient"));
        Assert.Equal(TestPlatforms.Texts.PurposeZh, page.Fact("purpose"));
        Assert.Equal(TestPlatforms.Texts.LegalBasisZh, page.Fact("legal-basis"));
        Assert.Equal(TestPlatforms.Texts.RetentionZh, page.Fact("retention"));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task SeparateConsentPage_TicksNothingInAdvance()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var page = await SeparateConsentPageAsync(driver, "openid netid netid.identity");

        Assert.StartsWith("<input type=\"checkbox\" name=\"separateConsent\"", page.TickBox, StringComparison.Ordinal);
        Assert.DoesNotContain("checked", page.TickBox, StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task SeparateConsent_AgreeWithoutTheTick_ShowsThePageAgainAndRecordsNothing()
    {
        var counter = new CountingAuthority.Counter();
        await using var broker = hosts.StartBroker(services => CountingAuthority.Decorate(services, counter));
        var driver = hosts.NewDriver(broker);
        var page = await SeparateConsentPageAsync(driver, "openid netid netid.identity");

        var answer = await driver.DecideSeparateConsentAsync(page, tick: false, "agree");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("missing-tick", new SeparateConsentPage(page.Path, answer.Html).Error);
        Assert.Empty(await broker.ConsentLedgerAsync());
        Assert.Empty(counter.IdentityRequests);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task UserInfo_AfterSeparateConsent_ReturnsThePersonsIdentityExactlyOnce()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var adult = Personas.Get("adult");

        var first = await driver.UserInfoAsync(tokens.AccessToken!);
        var second = await driver.UserInfoAsync(tokens.AccessToken!);

        Assert.Equal(Released.With(Released.DefaultUserInfo, ["netid_consent_receipts", .. Released.Plaintext]), LoginDriver.Names(first));
        Assert.Equal(adult.Name, first.GetProperty("netid_name").GetString());
        Assert.Equal(adult.IdType, first.GetProperty("netid_id_type").GetString());
        Assert.Equal(adult.IdNumber, first.GetProperty("netid_id_number").GetString());
        Assert.Equal(Released.With(Released.DefaultUserInfo, "netid_consent_receipts"), LoginDriver.Names(second));
        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task UserInfo_CarryingPlaintextIdentity_MayNotBeCached()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await driver.Browser.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("netid_id_number", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl!.NoStore);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task IdToken_AfterSeparateConsent_CarriesNoPlaintextIdentity()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);

        var tokens = await driver.RedeemAsync(request, login.Code);

        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Equal(Released.DefaultIdToken, IdTokens.ClaimNames(idToken));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task AccessToken_AfterSeparateConsent_IsAnEncryptedJwe()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);

        var tokens = await driver.RedeemAsync(request, login.Code);

        // RFC 7516 §7.1: header, encrypted key, IV, ciphertext, tag. Only the header is readable.
        var parts = tokens.AccessToken!.Split('.');
        Assert.Equal(5, parts.Length);
        var header = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement;
        Assert.True(header.TryGetProperty("enc", out _), Base64UrlEncoder.Decode(parts[0]));
        Assert.DoesNotContain("netid", Base64UrlEncoder.Decode(parts[0]), StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_RefusingSeparateConsent_NeverAsksTheAuthorityForIdentity()
    {
        var counter = new CountingAuthority.Counter();
        await using var broker = hosts.StartBroker(services => CountingAuthority.Decorate(services, counter));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = Everything };

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age"], separateConsent: false);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        Assert.Empty(counter.IdentityRequests);
        Assert.Equal(Released.With(Released.DefaultIdToken, "netid_age_band", "netid_minor"), IdTokens.ClaimNames(idToken));
        Assert.Equal(Released.With(Released.DefaultUserInfo, "netid_age_band", "netid_consent_receipts", "netid_minor"), LoginDriver.Names(userInfo));
        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_RefusingSeparateConsent_RecordsTheRefusalOfIdentity()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" }, separateConsent: false);

        var entry = Assert.Single(await broker.ConsentLedgerAsync());
        Assert.Equal(ConsentDecision.Refused, entry.Decision);
        Assert.Equal(["netid.identity"], entry.Scopes);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_ConsentingToMaskedAndIdentity_AsksTheAuthorityOnceForBoth()
    {
        var counter = new CountingAuthority.Counter();
        await using var broker = hosts.StartBroker(services => CountingAuthority.Decorate(services, counter));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = Everything };

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.masked"], separateConsent: true);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        var asked = Assert.Single(counter.IdentityRequests);
        Assert.Equal(["name", "idType", "idNumber"], asked.Fields);
        Assert.Equal("赵**", userInfo.GetProperty("netid_masked_name").GetString());
        Assert.Equal(Personas.Get("adult").IdNumber, userInfo.GetProperty("netid_id_number").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task UserInfo_SixMinutesAfterTheTokenExchange_NoLongerReturnsIdentityAndThePurgeErasesIt()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = hosts.StartBroker(services => services.AddSingleton<TimeProvider>(clock));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);
        clock.Advance(TimeSpan.FromMinutes(6));

        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        Assert.Equal(Released.With(Released.DefaultUserInfo, "netid_consent_receipts"), LoginDriver.Names(userInfo));
        Assert.Equal(1, await broker.IdentityDeliveryCountAsync());
        var purged = await broker.Services.GetRequiredService<IIdentityDeliveries>().PurgeExpiredAsync(clock.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.Equal(1, purged);
        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    private static async Task<SeparateConsentPage> SeparateConsentPageAsync(LoginDriver driver, string scope)
    {
        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = scope });
        Assert.Matches("^/login/[A-Za-z0-9_-]{22}/identity-consent$", stop.Page);
        return new SeparateConsentPage(stop.Page!, stop.Html!);
    }
}
