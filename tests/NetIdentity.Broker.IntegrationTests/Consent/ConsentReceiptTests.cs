using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// Consent receipts (docs/claims.md, "Consent receipts"): userinfo carries one signed receipt per
/// grant in force for the login, each verifiable against the broker's JWKS like an ID token, each
/// naming exactly what was agreed, for whom, under which purpose (and, for plaintext, which law
/// and retention), and none holding personal data.
/// </summary>
public sealed class ConsentReceiptTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string Everything = "openid netid netid.age netid.masked netid.identity";

    [Fact]
    public async Task UserInfo_AfterOrdinaryAndSeparateConsent_CarriesOneReceiptPerGrant()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var receipts = await ReceiptsAsync(driver, Everything, grant: ["netid.age", "netid.masked"], separateConsent: true);

        var grants = (await broker.ConsentLedgerAsync()).Where(e => e.Decision == ConsentDecision.Granted).ToList();
        Assert.Equal(2, grants.Count);
        Assert.Equal(grants.Select(g => g.Receipt!).Order(StringComparer.Ordinal), receipts.Order(StringComparer.Ordinal));
        Assert.Equal(grants.Select(g => g.Id).Order(StringComparer.Ordinal), receipts.Select(r => new JsonWebToken(r).Id).Order(StringComparer.Ordinal));
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipts_OfALogin_VerifyAgainstTheBrokersJwks()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var receipts = await ReceiptsAsync(driver, Everything, grant: ["netid.age"], separateConsent: true);

        Assert.Equal(2, receipts.Count);
        foreach (var receipt in receipts)
        {
            var token = await ReceiptTokens.ValidateAsync(driver.Browser, receipt, TestPlatforms.Lawful.ClientId);
            Assert.Equal((ReceiptTokens.Type, "ES256", ProtocolAssert.Issuer), (token.Typ, token.Alg, token.Issuer));
            Assert.Equal([TestPlatforms.Lawful.ClientId], token.Audiences);
        }

        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipt_OfOrdinaryConsent_NamesItsItemsRecipientAndPurposeVersion()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var receipts = await ReceiptsAsync(driver, "openid netid netid.age netid.masked", grant: ["netid.age", "netid.masked"]);

        var token = await ReceiptTokens.ValidateAsync(driver.Browser, Assert.Single(receipts), TestPlatforms.Lawful.ClientId);

        var grant = Assert.Single(await broker.ConsentLedgerAsync());
        var consent = ReceiptTokens.Consent(token);
        Assert.Equal(
            ["decision", "items", "purpose", "purpose_version", "recipient", "withdraw_at"],
            LoginDriver.Names(consent));
        Assert.Equal(grant.Id, token.Id);
        Assert.Equal(grant.Subject, token.Subject);
        Assert.Equal("granted", consent.GetProperty("decision").GetString());
        Assert.Equal(["netid.age", "netid.masked"], Strings(consent.GetProperty("items")));
        Assert.Equal(
            $$"""{"client_id":"{{TestPlatforms.Lawful.ClientId}}","name_zh":"测试平台 {{TestPlatforms.Lawful.ClientId}}","name_en":"Test platform {{TestPlatforms.Lawful.ClientId}}"}""",
            Compact(consent.GetProperty("recipient")));
        Assert.Equal($$"""{"zh":"{{TestPlatforms.Texts.PurposeZh}}","en":"{{TestPlatforms.Texts.PurposeEn}}"}""", Compact(consent.GetProperty("purpose")));
        Assert.Equal(Registration(broker).PurposeVersion, consent.GetProperty("purpose_version").GetString());
        Assert.Equal(grant.PurposeVersion, consent.GetProperty("purpose_version").GetString());
        Assert.Equal(ProtocolAssert.Issuer + "my", consent.GetProperty("withdraw_at").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipt_OfSeparateConsent_NamesTheLegalBasisAndRetention()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var receipts = await ReceiptsAsync(driver, "openid netid netid.identity", separateConsent: true);

        var token = await ReceiptTokens.ValidateAsync(driver.Browser, Assert.Single(receipts), TestPlatforms.Lawful.ClientId);

        var grant = Assert.Single(await broker.ConsentLedgerAsync());
        var consent = ReceiptTokens.Consent(token);
        Assert.Equal(grant.Id, token.Id);
        Assert.Equal(["netid.identity"], Strings(consent.GetProperty("items")));
        Assert.Equal($$"""{"zh":"{{TestPlatforms.Texts.LegalBasisZh}}","en":"{{TestPlatforms.Texts.LegalBasisEn}}"}""", Compact(consent.GetProperty("legal_basis")));
        Assert.Equal($$"""{"zh":"{{TestPlatforms.Texts.RetentionZh}}","en":"{{TestPlatforms.Texts.RetentionEn}}"}""", Compact(consent.GetProperty("retention")));
        Assert.Equal((TestPlatforms.Texts.LegalBasisZh, TestPlatforms.Texts.RetentionZh), (grant.LegalBasis, grant.Retention));
        Assert.Equal(grant.PurposeVersion, consent.GetProperty("purpose_version").GetString());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task Receipts_OfALogin_HoldNoNameOrIdNumber()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);

        var receipts = await ReceiptsAsync(driver, Everything, grant: ["netid.age", "netid.masked"], separateConsent: true);

        Assert.Equal(2, receipts.Count);
        var values = receipts.SelectMany(r => StringValues(ReceiptTokens.Payload(new JsonWebToken(r)))).ToList();
        Assert.Contains(TestPlatforms.Texts.PurposeZh, values);
        foreach (var plaintext in Personas.PlaintextValues.Append("赵**").Append("1****************9"))
        {
            Assert.DoesNotContain(values, value => value.Contains(plaintext, StringComparison.Ordinal));
        }

        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task UserInfo_OnARememberedConsent_CarriesTheStandingGrantsReceipt()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await ReceiptsAsync(driver, "openid netid netid.age netid.masked", grant: ["netid.age", "netid.masked"]);

        var receipts = await ReceiptsAsync(driver, "openid netid netid.age netid.masked");

        var grant = Assert.Single(await broker.ConsentLedgerAsync());
        Assert.Equal([grant.Receipt!], receipts);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    /// <summary>Logs in to the lawful platform with these consents; returns the receipts userinfo carries.</summary>
    private static async Task<IReadOnlyList<string>> ReceiptsAsync(LoginDriver driver, string scope, IReadOnlyCollection<string>? grant = null, bool separateConsent = false)
    {
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = scope };
        var login = await driver.LoginWithConsentAsync(request, grant: grant, separateConsent: separateConsent);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        return Strings(userInfo.GetProperty("netid_consent_receipts"));
    }

    private static PlatformOptions Registration(BrokerHost broker) =>
        broker.Services.GetRequiredService<PlatformCatalog>().Find(TestPlatforms.Lawful.ClientId)!;

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Every string in a JSON document, unescaped: property names and values.</summary>
    private static IEnumerable<string> StringValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringValues),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringValues(p.Value).Prepend(p.Name)),
        _ => [],
    };

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON as written by <see cref="JsonSerializer"/>, unescaped, for whole-object comparisons.</summary>
    private static string Compact(JsonElement element) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(element, Unescaped));
}
