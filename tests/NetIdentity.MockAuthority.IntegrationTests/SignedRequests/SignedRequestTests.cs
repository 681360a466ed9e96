using System.Net;
using System.Text;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.SignedRequests;

/// <summary>Contract §1.1 and §1.3: what every signed request must get right, and the codes when it does not.</summary>
public sealed class SignedRequestTests(SharedMockAuthority shared)
{
    public static readonly TheoryData<string> SignedEndpoints =
    [
        "/v1/sessions",
        "/v1/credentials/query",
        "/v1/identity/query",
        "/v1/guardianships/check",
        "/v1/realname/verifications",
        "/v1/realname/verifications/otp",
        "/v1/realname/verifications/face",
    ];

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(SignedEndpoints))]
    public async Task SignedEndpoint_MalformedJson_AnswersA0400001(string path)
    {
        var response = await Mock.Sandbox.PostRawAsync(path, "{\"orgId\": \"ORG-SANDBOX\","u8.ToArray(), Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Theory]
    [MemberData(nameof(SignedEndpoints))]
    public async Task SignedEndpoint_SignedByAnotherKey_AnswersA0401002(string path)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"{{Now()}}"}""");

        var response = await Mock.Sandbox.PostRawAsync(path, body, Ct, signer: Sm2PrivateKey.Generate());

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401002");
    }

    [Theory]
    [InlineData("""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"2026-11-22T12:00:00Z","mode":"R01"}""")]
    [InlineData("""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"2026-11-22T12:00:00Z","bizSeq":null,"mode":"R01"}""")]
    [InlineData("""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"2026-11-22T12:00:00Z","bizSeq":"9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f","mode":1}""")]
    [InlineData("""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"2026-11-22 12:00","bizSeq":"9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f","mode":"R01"}""")]
    [InlineData("""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"2026-11-22T12:00:00","bizSeq":"9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f","mode":"R01"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    public async Task OpenSession_MissingOrIllTypedMember_AnswersA0400001(string json)
    {
        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", Encoding.UTF8.GetBytes(json), Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public async Task OpenSession_TimestampOutsideWindow_AnswersA0400004(int offsetSeconds)
    {
        var response = await Mock.Sandbox.PostAsync("/v1/sessions", new()
        {
            ["timestamp"] = Now(offsetSeconds),
            ["bizSeq"] = AuthorityClient.NewId(),
            ["mode"] = "R01",
        }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400004");
    }

    [Theory]
    [InlineData(-290)]
    [InlineData(290)]
    public async Task OpenSession_TimestampInsideWindow_IsAccepted(int offsetSeconds)
    {
        var response = await Mock.Sandbox.OpenSessionWithAsync(AuthorityClient.NewId(), "R01", new() { ["timestamp"] = Now(offsetSeconds) }, Ct);

        response.AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task OpenSession_UnknownOrganisation_AnswersA0401001()
    {
        var stranger = new AuthorityClient(Mock.Http, Mock.Clock, "ORG-NOBODY", "netidentity-broker", Sm2PrivateKey.Generate());

        var response = await stranger.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401001");
    }

    [Fact]
    public async Task OpenSession_UnknownApp_AnswersA0401001()
    {
        var wrongApp = new AuthorityClient(Mock.Http, Mock.Clock, TestKeys.SandboxOrgId, "not-registered", TestKeys.SandboxKey);

        var response = await wrongApp.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401001");
    }

    [Fact]
    public async Task OpenSession_BodyOrgDiffersFromHeader_AnswersA0401002()
    {
        var other = await Mock.RegisterOrganisationAsync();
        var body = Encoding.UTF8.GetBytes(
            $$"""{"orgId":"{{other.OrgId}}","appId":"test-app","timestamp":"{{Now()}}","bizSeq":"{{AuthorityClient.NewId()}}","mode":"R01"}""");

        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", body, Ct);

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401002");
    }

    [Fact]
    public async Task OpenSession_BodyChangedAfterSigning_AnswersA0401002()
    {
        var signed = Encoding.UTF8.GetBytes($$"""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"{{Now()}}","bizSeq":"{{AuthorityClient.NewId()}}","mode":"R01"}""");
        var signature = Convert.ToBase64String(TestKeys.SandboxKey.Sign(signed));
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("R01", "R04", StringComparison.Ordinal));

        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", changed, Ct, signature: signature);

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401002");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public async Task OpenSession_MissingOrUnreadableSignature_AnswersA0401002(string signature)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"{{Now()}}","bizSeq":"{{AuthorityClient.NewId()}}","mode":"R01"}""");

        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", body, Ct, signature: signature);

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401002");
    }

    [Fact]
    public async Task OpenSession_MissingOrgHeader_AnswersA0401002()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"orgId":"ORG-SANDBOX","appId":"netidentity-broker","timestamp":"{{Now()}}","bizSeq":"{{AuthorityClient.NewId()}}","mode":"R01"}""");

        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", body, Ct, orgHeader: "");

        response.AssertProblem(HttpStatusCode.Unauthorized, "A0401002");
    }

    [Fact]
    public async Task OpenSession_BodyOver64KiB_AnswersA0400001()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"orgId":"ORG-SANDBOX","padding":"{{new string('x', 70_000)}}"}""");

        var response = await Mock.Sandbox.PostRawAsync("/v1/sessions", body, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Fact]
    public async Task Problem_Always_CarriesTypeTitleStatusAndCode()
    {
        var response = await Mock.Sandbox.QueryCredentialAsync(AuthorityClient.NewId(), Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
        Assert.Equal("https://netidentity.example/authority-errors/A0404001", response.Json.GetProperty("type").GetString());
        Assert.Equal(404, response.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("title").GetString()));
    }

    private string Now(int offsetSeconds = 0) =>
        Mock.Clock.GetUtcNow().AddSeconds(offsetSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
