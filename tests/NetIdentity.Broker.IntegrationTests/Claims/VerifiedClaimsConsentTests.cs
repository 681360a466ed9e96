using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Consent;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Claims;

/// <summary>
/// <c>verified_claims</c> holds only what the scopes and consents release (docs/claims.md,
/// "Identity assurance"): the claims parameter selects, it never grants. Plaintext identity
/// appears only in userinfo, once, after separate consent under <c>netid.identity</c>, and never
/// in the ID token however it is asked for (PRODUCT rule 2).
/// </summary>
public sealed class VerifiedClaimsConsentTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    /// <summary>Asks for every plaintext claim everywhere the claims parameter can: top level and verified_claims, ID token and userinfo.</summary>
    private const string AskEverywhere = """
        {"id_token":{"netid_name":{"essential":true},"netid_id_number":null,
                     "verified_claims":{"verification":{"trust_framework":null},"claims":{"netid_name":null,"netid_id_type":null,"netid_id_number":null,"netid_masked_name":null}}},
         "userinfo":{"netid_name":{"essential":true},"netid_id_number":null,
                     "verified_claims":{"verification":{"trust_framework":null},"claims":{"netid_name":null,"netid_id_type":null,"netid_id_number":null,"netid_masked_name":null}}}}
        """;

    [Fact]
    public async Task UserInfo_WithAgeAndMaskedGranted_HoldsTheirClaimsInVerifiedClaims()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Ordinary) { Scope = "openid netid netid.age netid.masked" };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age", "netid.masked"]);
        var tokens = await driver.RedeemAsync(request, login.Code);

        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        var claims = userInfo.GetProperty("verified_claims").GetProperty("claims");
        Assert.Equal(["netid_age_band", "netid_masked_id_number", "netid_masked_name", "netid_minor"], VerifiedClaimsTests.Names(claims));
        foreach (var claim in claims.EnumerateObject())
        {
            Assert.Equal(userInfo.GetProperty(claim.Name).GetRawText(), claim.Value.GetRawText());
        }
    }

    [Fact]
    public async Task UserInfo_WithOnlyAgeGranted_LeavesMaskedIdentityOutOfVerifiedClaimsEvenWhenAsked()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Ordinary)
        {
            Scope = "openid netid netid.age netid.masked",
            Claims = """{"userinfo":{"verified_claims":{"claims":{"netid_age_band":null,"netid_masked_name":null,"netid_masked_id_number":null}}}}""",
        };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var tokens = await driver.RedeemAsync(request, login.Code);

        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        var verified = userInfo.GetProperty("verified_claims");
        Assert.Equal("""{"netid_age_band":"adult"}""", verified.GetProperty("claims").GetRawText());
        Assert.Equal(["trust_framework"], VerifiedClaimsTests.Names(verified.GetProperty("verification")));
    }

    [Fact]
    public async Task Tokens_AfterSeparateConsent_CarryPlaintextOnlyInTheFirstUserInfoNeverInTheIdToken()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.masked netid.identity", Claims = AskEverywhere };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.masked"], separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var adult = Personas.Get("adult");

        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var first = await driver.UserInfoAsync(tokens.AccessToken!);
        var second = await driver.UserInfoAsync(tokens.AccessToken!);

        var inIdToken = VerifiedClaimsTests.Payload(idToken).GetProperty("verified_claims").GetProperty("claims");
        Assert.Equal(["netid_masked_name"], VerifiedClaimsTests.Names(inIdToken));
        AssertNoPlaintext(idToken.EncodedPayload, adult);
        Assert.DoesNotContain("netid_name", IdTokens.ClaimNames(idToken));

        var inFirst = first.GetProperty("verified_claims").GetProperty("claims");
        Assert.Equal(["netid_id_number", "netid_id_type", "netid_masked_name", "netid_name"], VerifiedClaimsTests.Names(inFirst));
        Assert.Equal(adult.Name, inFirst.GetProperty("netid_name").GetString());
        Assert.Equal(adult.IdNumber, inFirst.GetProperty("netid_id_number").GetString());
        Assert.Equal(adult.IdType, inFirst.GetProperty("netid_id_type").GetString());

        Assert.Equal(["netid_masked_name"], VerifiedClaimsTests.Names(second.GetProperty("verified_claims").GetProperty("claims")));
        AssertNoPlaintext(second.GetRawText(), adult);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Attack_AskingForPlaintextWithoutTheIdentityScope_ReleasesNoneOfIt()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.masked", Claims = AskEverywhere };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.masked"]);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var adult = Personas.Get("adult");

        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        Assert.Equal(["consent"], login.Screens);
        Assert.Equal(Released.With(Released.DefaultUserInfo, ["netid_consent_receipts", .. Released.Masked]), LoginDriver.Names(userInfo));
        Assert.Equal(["netid_masked_name"], VerifiedClaimsTests.Names(userInfo.GetProperty("verified_claims").GetProperty("claims")));
        AssertNoPlaintext(userInfo.GetRawText(), adult);
        AssertNoPlaintext(idToken.EncodedPayload, adult);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Attack_AskingForPlaintextAfterRefusingSeparateConsent_ReleasesNoneOfIt()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity", Claims = AskEverywhere };
        var login = await driver.LoginWithConsentAsync(request, separateConsent: false);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var adult = Personas.Get("adult");

        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);

        Assert.Equal(["identity-consent"], login.Screens);
        Assert.Equal("{}", userInfo.GetProperty("verified_claims").GetProperty("claims").GetRawText());
        AssertNoPlaintext(userInfo.GetRawText(), adult);
        AssertNoPlaintext((await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce)).EncodedPayload, adult);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    private static void AssertNoPlaintext(string text, Persona person)
    {
        var decoded = text.Contains('{', StringComparison.Ordinal) ? text : Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(text);
        var unescaped = JsonSerializer.Deserialize<JsonElement>(decoded).GetRawText();
        foreach (var value in new[] { person.Name, person.IdNumber, "netid_name", "netid_id_number", "netid_id_type" })
        {
            Assert.DoesNotContain(value, decoded, StringComparison.Ordinal);
            Assert.DoesNotContain(value, System.Text.RegularExpressions.Regex.Unescape(unescaped), StringComparison.Ordinal);
        }
    }
}
