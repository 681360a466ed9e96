using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.IntegrationTests.Claims;

/// <summary>
/// OpenID Connect for Identity Assurance 1.0 on the 网号/网证 path, through the real broker:
/// <c>verified_claims</c> in userinfo by default, in the ID token when the <c>claims</c>
/// parameter asks, and the discovery metadata that announces it (docs/claims.md, "Identity
/// assurance"). Consents and plaintext: <see cref="VerifiedClaimsConsentTests"/>.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class VerifiedClaimsTests(BrokerFixture fixture)
{
    private const string RealIdentity = "urn:netidentity:tf:cn_real_identity";

    [Fact]
    public async Task UserInfo_ByDefault_StatesTheNeutralFrameworkTheLevelAndTheTimeWithNoClaims()
    {
        var (idToken, userInfo) = await LoginAsync(new AuthorizationRequest(TestPlatforms.B) { AcrValues = "urn:netidentity:acr:level2" });

        var verified = userInfo.GetProperty("verified_claims");
        var verification = verified.GetProperty("verification");
        Assert.Equal(["assurance_level", "time", "trust_framework"], Names(verification));
        Assert.Equal(RealIdentity, verification.GetProperty("trust_framework").GetString());
        Assert.Equal(idToken.GetPayloadValue<string>("acr"), verification.GetProperty("assurance_level").GetString());
        Assert.Equal("urn:netidentity:acr:level2", verification.GetProperty("assurance_level").GetString());
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(userInfo.GetProperty("netid_verified_at").GetInt64()),
            DateTimeOffset.Parse(verification.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("{}", verified.GetProperty("claims").GetRawText());
    }

    [Fact]
    public async Task UserInfo_ForPlatformApprovedForTheMethod_StatesTheNetIdFrameworkAndTheCredentialCheck()
    {
        var (_, userInfo) = await LoginAsync(new AuthorizationRequest(TestPlatforms.Amr));

        var verification = userInfo.GetProperty("verified_claims").GetProperty("verification");
        Assert.Equal("urn:netidentity:tf:cn_netid", verification.GetProperty("trust_framework").GetString());
        var evidence = Assert.Single(verification.GetProperty("evidence").EnumerateArray());
        Assert.Equal("electronic_record", evidence.GetProperty("type").GetString());
        Assert.Equal(["vcrypt"], evidence.GetProperty("check_details").EnumerateArray().Select(c => c.GetProperty("check_method").GetString()));
    }

    [Fact]
    public async Task IdToken_WithoutClaimsParameter_HasNoVerifiedClaims()
    {
        var (idToken, _) = await LoginAsync(new AuthorizationRequest(TestPlatforms.B));

        Assert.False(idToken.TryGetPayloadValue<JsonElement>("verified_claims", out _));
    }

    [Fact]
    public async Task IdToken_AskedWithClaimsParameter_CarriesTheRequestedVerificationOnly()
    {
        var request = new AuthorizationRequest(TestPlatforms.B)
        {
            Claims = """{"id_token":{"verified_claims":{"verification":{"trust_framework":null,"time":null},"claims":{"netid_minor":null,"netid_name":null}}}}""",
        };

        var (idToken, userInfo) = await LoginAsync(request);

        var verified = Payload(idToken).GetProperty("verified_claims");
        Assert.Equal(["time", "trust_framework"], Names(verified.GetProperty("verification")));
        Assert.Equal(RealIdentity, verified.GetProperty("verification").GetProperty("trust_framework").GetString());
        Assert.Equal("{}", verified.GetProperty("claims").GetRawText());

        // The userinfo request was not narrowed: its default statement stays whole.
        Assert.Equal(["assurance_level", "time", "trust_framework"], Names(userInfo.GetProperty("verified_claims").GetProperty("verification")));
    }

    [Fact]
    public async Task IdToken_AskingForAnotherTrustFramework_HasNoVerifiedClaims()
    {
        var request = new AuthorizationRequest(TestPlatforms.B)
        {
            Claims = """{"id_token":{"verified_claims":{"verification":{"trust_framework":{"value":"urn:netidentity:tf:cn_netid"}},"claims":{"netid_minor":null}}}}""",
        };

        var (idToken, _) = await LoginAsync(request);

        // Asking for the path's own framework reveals nothing: without approval neither path states it.
        Assert.False(idToken.TryGetPayloadValue<JsonElement>("verified_claims", out _));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id_token":{"verified_claims":{"verification":{"trust_framework":null}}}}""")]
    [InlineData("""{"userinfo":{"verified_claims":{"claims":{"netid_name":"please"}}}}""")]
    [InlineData("""{"userinfo":"verified_claims"}""")]
    public async Task Authorize_WithMalformedClaimsParameter_RedirectsInvalidRequestNI2010(string claims)
    {
        var request = new AuthorizationRequest(TestPlatforms.B) { Claims = claims };

        using var response = await fixture.Broker.CreateBrowser().GetAsync(new Uri(request.Url(), UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        ProtocolAssert.ErrorRedirect(response.Headers.Location!, request, "invalid_request", RequestErrors.ClaimsParameterMalformed.OAuthDescription);
    }

    [Fact]
    public async Task Push_WithMalformedClaimsParameter_IsInvalidRequestNI2010()
    {
        var request = new AuthorizationRequest(TestPlatforms.Par) { Claims = """{"id_token":{"verified_claims":[]}}""" };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/par")
        {
            Content = new FormUrlEncodedContent(request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)),
        };
        message.Headers.Authorization = LoginDriver.Basic(request.Platform);

        using var response = await fixture.Broker.CreateBrowser().SendAsync(message, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(RequestErrors.ClaimsParameterMalformed.OAuthDescription, body.RootElement.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Discovery_AnnouncesIdentityAssuranceConsistentWithWhatIsReleased()
    {
        using var document = JsonDocument.Parse(await fixture.Broker.CreateBrowser().GetStringAsync(
            new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken));
        var root = document.RootElement;
        var (_, userInfo) = await LoginAsync(new AuthorizationRequest(TestPlatforms.Amr));

        Assert.True(root.GetProperty("verified_claims_supported").GetBoolean());
        Assert.True(root.GetProperty("claims_parameter_supported").GetBoolean());
        Assert.Equal(
            ["urn:netidentity:tf:cn_real_identity", "urn:netidentity:tf:cn_netid", "urn:netidentity:tf:cn_real_name_check"],
            Strings(root.GetProperty("trust_frameworks_supported")));
        Assert.Equal(["electronic_record"], Strings(root.GetProperty("evidence_supported")));
        Assert.Equal(
            ["netid_age_band", "netid_minor", "age_over_14", "age_over_18", "netid_masked_name", "netid_masked_id_number", "netid_name", "netid_id_type", "netid_id_number"],
            Strings(root.GetProperty("claims_in_verified_claims_supported")));
        var claimsSupported = Strings(root.GetProperty("claims_supported"));
        Assert.Contains("verified_claims", claimsSupported);
        Assert.All(Strings(root.GetProperty("claims_in_verified_claims_supported")), claim => Assert.Contains(claim, claimsSupported));
        var verification = userInfo.GetProperty("verified_claims").GetProperty("verification");
        Assert.Contains(verification.GetProperty("trust_framework").GetString(), Strings(root.GetProperty("trust_frameworks_supported")));
        Assert.Contains(verification.GetProperty("assurance_level").GetString(), Strings(root.GetProperty("acr_values_supported")));
        Assert.All(verification.GetProperty("evidence").EnumerateArray(), e => Assert.Contains(e.GetProperty("type").GetString(), Strings(root.GetProperty("evidence_supported"))));
    }

    private async Task<(JsonWebToken IdToken, JsonElement UserInfo)> LoginAsync(AuthorizationRequest request)
    {
        var driver = fixture.NewDriver();
        var query = LoginDriver.Query(await driver.LoginAsync(request));
        Assert.True(query.ContainsKey("code"), string.Join('&', query.Select(p => p.Key + "=" + p.Value)));
        var tokens = await driver.RedeemAsync(request, query["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, request.Platform.ClientId, request.Nonce);
        return (idToken, await driver.UserInfoAsync(tokens.AccessToken!));
    }

    internal static JsonElement Payload(JsonWebToken token) => JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.Clone();

    internal static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
