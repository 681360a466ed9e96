using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// A consent to <c>netid.age</c> or <c>netid.masked</c> is remembered per platform and purpose
/// version (docs/claims.md): the same person logging in to the same platform again is not asked
/// again, while another platform, or the same platform with another purpose, asks (PIPL Art. 14).
/// </summary>
public sealed class RememberedConsentTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string AgeAndMasked = "openid netid netid.age netid.masked";

    [Fact]
    public async Task Login_SecondTimeToSamePlatform_GoesStraightToTheCode()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked }, grant: ["netid.age", "netid.masked"]);

        var second = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked });

        Assert.Null(second.Page);
        Assert.Equal(TestPlatforms.Lawful.RedirectUri, second.Platform!.GetLeftPart(UriPartial.Path));
        Assert.True(LoginDriver.Query(second.Platform).ContainsKey("code"), second.Platform.ToString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_SecondTimeToSamePlatform_StillReleasesTheGrantedClaims()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked }, grant: ["netid.age", "netid.masked"]);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };

        var second = await driver.LoginWithConsentAsync(request);

        var tokens = await driver.RedeemAsync(request, second.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Empty(second.Screens);
        Assert.Equal(Released.With(Released.DefaultIdToken, ["netid_age_band", "netid_minor", .. Released.Masked]), IdTokens.ClaimNames(idToken));
        Assert.Equal("adult", idToken.GetPayloadValue<string>("netid_age_band"));
        Assert.Equal("赵**", idToken.GetPayloadValue<string>("netid_masked_name"));
        Assert.Equal("1****************9", idToken.GetPayloadValue<string>("netid_masked_id_number"));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_AfterGrantingOnlyAge_AsksOnlyForMaskedIdentityNextTime()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked }, grant: ["netid.age"]);

        var second = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked });

        Assert.Equal(["netid.masked"], new ConsentPage(second.Page!, second.Html!).Items);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_SecondTimeAskingForIdentity_AsksForSeparateConsentAgain()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" }, separateConsent: true);

        var second = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" });

        Assert.Matches("^/login/[A-Za-z0-9_-]{22}/identity-consent$", second.Page);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_ToAnotherPlatform_AsksAgain()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked }, grant: ["netid.age", "netid.masked"]);

        var other = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Ordinary) { Scope = AgeAndMasked });

        Assert.Matches("^/login/[A-Za-z0-9_-]{22}/consent$", other.Page);
        Assert.Equal(["netid.age", "netid.masked"], new ConsentPage(other.Page!, other.Html!).Items);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_AfterThePlatformsPurposeChanged_AsksAgain()
    {
        await using var before = hosts.StartBroker();
        await hosts.NewDriver(before).LoginWithConsentAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked }, grant: ["netid.age", "netid.masked"]);
        var changed = new Dictionary<string, string?>(TestPlatforms.LawfulSettings("实名注册、账号安全与个性化推荐", "Real-name registration, account security and recommendations"));
        await using var after = hosts.StartBroker(settings: changed, databaseDirectory: before.DatabaseDirectory);

        var stop = await hosts.NewDriver(after).VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked });

        Assert.Equal(["netid.age", "netid.masked"], new ConsentPage(stop.Page!, stop.Html!).Items);
        Assert.Contains("用于：实名注册、账号安全与个性化推荐。", stop.Html, StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(after);
    }
}
