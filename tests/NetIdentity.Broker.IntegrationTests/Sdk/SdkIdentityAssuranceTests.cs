using System.Security.Claims;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Client;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// The SDK's typed view and receipt verifier against the real broker: <see cref="NetIdentityUser"/>
/// reads the same person from the ID token's legacy claims, its <c>verified_claims</c> and the
/// userinfo answer; <see cref="ConsentReceiptVerifier"/> accepts the broker's own receipts.
/// </summary>
public sealed class SdkIdentityAssuranceTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task NetIdentityUser_FromARealLogin_AgreesAcrossLegacyClaimsVerifiedClaimsAndUserInfo()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful)
        {
            Scope = "openid netid netid.age netid.masked netid.identity",
            Claims = """{"id_token":{"verified_claims":{"verification":{"trust_framework":null,"assurance_level":null,"time":null},"claims":{"netid_age_band":null,"netid_masked_name":null,"netid_name":null}}}}""",
        };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age", "netid.masked"], separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(idToken.Claims, "oidc"));
        var adult = Personas.Get("adult");

        var fromSession = NetIdentityUser.From(principal)!;
        var atLogin = NetIdentityUser.From(principal, await driver.UserInfoAsync(tokens.AccessToken!))!;
        var later = NetIdentityUser.From(principal, await driver.UserInfoAsync(tokens.AccessToken!))!;

        Assert.True(fromSession.Verified);
        Assert.Equal(1, fromSession.Level);
        Assert.Equal("urn:netidentity:tf:cn_real_identity", fromSession.TrustFramework);
        Assert.Equal("adult", fromSession.AgeBand);
        Assert.False(fromSession.Minor);
        Assert.NotNull(fromSession.MaskedName);
        Assert.NotNull(fromSession.VerifiedAt);
        Assert.Null(fromSession.Identity);
        Assert.Equal(new NetIdentityPlainIdentity(adult.Name, adult.IdType, adult.IdNumber), atLogin.Identity);
        Assert.Equal(fromSession with { Identity = atLogin.Identity, AgeOver = atLogin.AgeOver }, atLogin);
        Assert.Null(later.Identity);
    }

    [Fact]
    public async Task ConsentReceiptVerifier_OnTheBrokersReceipts_VerifiesEachAgainstItsKeys()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Ordinary) { Scope = "openid netid netid.age netid.masked" };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age", "netid.masked"]);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var receipts = (await driver.UserInfoAsync(tokens.AccessToken!)).GetProperty("netid_consent_receipts").EnumerateArray().Select(r => r.GetString()!).ToList();
        var verifier = new ConsentReceiptVerifier(broker.CreateBrowser(), new Uri(ProtocolAssert.Issuer));

        var results = new List<ConsentReceiptVerification>();
        foreach (var receipt in receipts)
        {
            results.Add(await verifier.VerifyAsync(receipt, TestPlatforms.Ordinary.ClientId, TestContext.Current.CancellationToken));
        }

        var elsewhere = await verifier.VerifyAsync(receipts[0], TestPlatforms.Lawful.ClientId, TestContext.Current.CancellationToken);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.IsValid, r.Failure.ToString()));
        Assert.Equal(ConsentReceiptFailure.Invalid, elsewhere.Failure);
    }
}
