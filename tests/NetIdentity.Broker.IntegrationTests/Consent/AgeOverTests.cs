using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// <c>netid.age_over_14</c> and <c>netid.age_over_18</c> (docs/claims.md v4; issue 12 §4): one
/// boolean each, each under its own tick on the consent screen (a guardian's for a child under 14),
/// answered from the verified age and never a birth date. The day-by-day boundaries (13/14, 17/18,
/// Beijing midnight, 29 February) are Core's AgeOverTests; here the real broker releases them.
/// </summary>
public sealed class AgeOverTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string BothThresholds = "openid netid netid.age_over_14 netid.age_over_18";

    [Fact]
    public async Task ConsentPage_ForBothThresholds_ListsEachAsItsOwnItemNoneTicked()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var stop = await driver.VerifyAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = BothThresholds });

        var page = new ConsentPage(stop.Page!, stop.Html!);
        Assert.Equal(["netid.age_over_14", "netid.age_over_18"], page.Items);
        Assert.All(page.Checkboxes, box => Assert.DoesNotContain("checked", box, StringComparison.Ordinal));
        Assert.Contains("是否已满18周岁", stop.Html, StringComparison.Ordinal);
        Assert.Contains("只回答“是”或“否”：您是否已满18周岁；不含出生日期和年龄段。", stop.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adult", true, true)]
    [InlineData("minor-14-17", true, false)]
    public async Task Login_GrantingBoth_ReleasesTheTwoBooleansAndNoBand(string persona, bool over14, bool over18)
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = BothThresholds };

        var login = await driver.LoginWithConsentAsync(request, persona, grant: ["netid.age_over_14", "netid.age_over_18"]);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Equal(over14, idToken.GetPayloadValue<bool>("age_over_14"));
        Assert.Equal(over18, idToken.GetPayloadValue<bool>("age_over_18"));
        Assert.DoesNotContain("netid_age_band", IdTokens.ClaimNames(idToken));
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        Assert.Equal(over14 ? JsonValueKind.True : JsonValueKind.False, userInfo.GetProperty("age_over_14").ValueKind);
        Assert.Equal(over18 ? JsonValueKind.True : JsonValueKind.False, userInfo.GetProperty("age_over_18").ValueKind);
        Assert.Equal("netid netid.age_over_14 netid.age_over_18 openid", string.Join(' ', tokens.Scope!.Split(' ').Order(StringComparer.Ordinal)));
        AssertNoBirthDate(persona, tokens.IdToken!, userInfo.GetRawText(), tokens.AccessToken!);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_GrantingOnlyTheAdultThreshold_ReleasesThatBooleanAlone()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = BothThresholds };

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age_over_18"]);

        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Equal(Released.With(Released.DefaultIdToken, "age_over_18"), IdTokens.ClaimNames(idToken));
        Assert.True(idToken.GetPayloadValue<bool>("age_over_18"));
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        Assert.Equal(Released.With(Released.DefaultUserInfo, "age_over_18", "netid_consent_receipts"), LoginDriver.Names(userInfo));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Login_RefusingBoth_ReleasesNeitherAndStillLogsIn()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = BothThresholds };

        var login = await driver.LoginWithConsentAsync(request, grant: []);

        Assert.Equal(["consent"], login.Screens);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.Equal(Released.DefaultIdToken, IdTokens.ClaimNames(idToken));
        Assert.Equal(Released.DefaultUserInfo, LoginDriver.Names(await driver.UserInfoAsync(tokens.AccessToken!)));
        Assert.Equal("netid openid", string.Join(' ', tokens.Scope!.Split(' ').Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Login_OfAChild_AsksTheGuardianAndAnswersFalseForBoth()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = BothThresholds };

        var landing = await driver.LoginWithGuardianConsentAsync(request, "child-under-14", "guardian", ["netid.age_over_14", "netid.age_over_18"]);

        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        Assert.False(idToken.GetPayloadValue<bool>("age_over_14"));
        Assert.False(idToken.GetPayloadValue<bool>("age_over_18"));
        Assert.True(idToken.GetPayloadValue<bool>("netid_minor"));
        AssertNoBirthDate("child-under-14", tokens.IdToken!, (await driver.UserInfoAsync(tokens.AccessToken!)).GetRawText(), tokens.AccessToken!);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    /// <summary>No form of the persona's birth date, and no birth-date claim, in anything the platform received.</summary>
    private static void AssertNoBirthDate(string persona, params string[] received)
    {
        var number = Personas.Get(persona).IdNumber;
        var digits = number.Substring(6, 8);
        var dashed = $"{digits[..4]}-{digits[4..6]}-{digits[6..]}";
        foreach (var text in received.Select(Decoded))
        {
            Assert.DoesNotContain(digits, text, StringComparison.Ordinal);
            Assert.DoesNotContain(dashed, text, StringComparison.Ordinal);
            Assert.DoesNotContain("birth", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A JWT's header and payload as text (an encrypted access token stays as it is); other text unchanged.</summary>
    private static string Decoded(string text)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$"))
        {
            return text;
        }

        var parts = text.Split('.');
        return string.Join('\n', parts.Take(2).Select(p => System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(p))));
    }
}
