using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// The ordinary consent screen (docs/claims.md, <c>netid.age</c> and <c>netid.masked</c>): each
/// item named, nothing ticked in advance (PIPL Art. 14, 17); only what is ticked is released; and
/// refusing everything still logs the person in with the default release (PIPL Art. 16). Each test
/// runs its own broker, so no consent given elsewhere is remembered.
/// </summary>
public sealed class OrdinaryConsentTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string AgeAndMasked = "openid netid netid.age netid.masked";

    [Fact]
    public async Task ConsentPage_ForAgeScopeOnly_ListsExactlyTheAgeBand()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" });

        Assert.Matches("^/login/[A-Za-z0-9_-]{22}/consent$", stop.Page);
        Assert.Equal(["netid.age"], new ConsentPage(stop.Page!, stop.Html!).Items);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task ConsentPage_ForAgeAndMaskedScopes_ListsBothItemsNoneTicked()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked });

        var page = new ConsentPage(stop.Page!, stop.Html!);
        Assert.Equal(["netid.age", "netid.masked"], page.Items);
        Assert.Equal(2, page.Checkboxes.Count);
        Assert.All(page.Checkboxes, box => Assert.DoesNotContain("checked", box, StringComparison.Ordinal));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task ConsentPage_ForAgeAndMaskedScopes_NamesThePlatformAndItsPurpose()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked });

        Assert.Contains($"“测试平台 {TestPlatforms.Lawful.ClientId}”还请求以下信息，用于：{TestPlatforms.Texts.PurposeZh}。", stop.Html, StringComparison.Ordinal);
        Assert.Contains($"接收方：测试平台 {TestPlatforms.Lawful.ClientId}（{TestPlatforms.Lawful.ClientId}）", stop.Html, StringComparison.Ordinal);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_GrantingOnlyAge_ReleasesTheAdultBandAndNoMaskedIdentity()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        Assert.Equal(Released.With(Released.DefaultIdToken, "netid_age_band", "netid_minor"), IdTokens.ClaimNames(idToken));
        Assert.Equal("adult", idToken.GetPayloadValue<string>("netid_age_band"));
        Assert.False(idToken.GetPayloadValue<bool>("netid_minor"));
        Assert.Equal(Released.With(Released.DefaultUserInfo, "netid_age_band", "netid_consent_receipts", "netid_minor"), LoginDriver.Names(userInfo));
        Assert.Equal("adult", userInfo.GetProperty("netid_age_band").GetString());
        Assert.Equal(JsonValueKind.False, userInfo.GetProperty("netid_minor").ValueKind);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_GrantingMasked_ReleasesSurnameAndFirstAndLastIdCharacters()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };
        var adult = Personas.Get("adult");

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.masked"]);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        // 赵一鸣 / 110105199003071239 in personas.json: the surname, then one * per other character;
        // the first and last characters of the number, * between (docs/claims.md).
        var maskedName = adult.Name[..1] + new string('*', adult.Name.Length - 1);
        var maskedNumber = adult.IdNumber[..1] + new string('*', adult.IdNumber.Length - 2) + adult.IdNumber[^1..];
        Assert.Equal(("赵**", "1****************9"), (maskedName, maskedNumber));
        Assert.Equal(Released.With(Released.DefaultIdToken, Released.Masked), IdTokens.ClaimNames(idToken));
        Assert.Equal(maskedName, idToken.GetPayloadValue<string>("netid_masked_name"));
        Assert.Equal(maskedNumber, idToken.GetPayloadValue<string>("netid_masked_id_number"));
        Assert.Equal(maskedName, userInfo.GetProperty("netid_masked_name").GetString());
        Assert.Equal(maskedNumber, userInfo.GetProperty("netid_masked_id_number").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_RefusingAll_CompletesWithExactlyTheDefaultRelease()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };

        var login = await driver.LoginWithConsentAsync(request, grant: []);

        Assert.Equal(["consent"], login.Screens);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Equal(Released.DefaultIdToken, IdTokens.ClaimNames(idToken));
        Assert.Equal(Released.DefaultUserInfo, LoginDriver.Names(await driver.UserInfoAsync(tokens.AccessToken!)));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_RefusingAll_RecordsOneRefusalOfBothItems()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };

        await driver.LoginWithConsentAsync(request, grant: []);

        var entry = Assert.Single(await broker.ConsentLedgerAsync());
        Assert.Equal(ConsentDecision.Refused, entry.Decision);
        Assert.Equal(["netid.age", "netid.masked"], entry.Scopes);
        Assert.Equal(TestPlatforms.Lawful.ClientId, entry.ClientId);
        Assert.Null(entry.Receipt);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Token_AfterRefusingAll_GrantsOnlyTheDefaultScopes()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };
        var login = await driver.LoginWithConsentAsync(request, grant: []);

        var tokens = await driver.RedeemAsync(request, login.Code);

        Assert.Equal("openid netid", tokens.Body.GetProperty("scope").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Token_AfterGrantingOnlyAge_GrantsTheAgeScopeButNotTheMaskedOne()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = AgeAndMasked };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);

        var tokens = await driver.RedeemAsync(request, login.Code);

        Assert.Equal("openid netid netid.age", tokens.Body.GetProperty("scope").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }
}
