using System.Net;
using System.Text;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Tester;

/// <summary>The tester API (docs/mock-authority.md) and its T-codes.</summary>
public sealed class TesterApiTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Personas_Listed_EveryPersonaWithItsExpectedOutcomes()
    {
        var personas = TesterClient.Array(await Mock.Tester.GetAsync("/tester/personas", Ct)).ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.Equal(20, personas.Count);
        var adult = personas["adult"];
        Assert.Equal("赵一鸣", adult.GetProperty("name").GetString());
        Assert.Equal("110105199003071239", adult.GetProperty("idNumber").GetString());
        Assert.Equal("13800000001", adult.GetProperty("phone").GetString());
        Assert.Equal(["13800000001"], adult.GetProperty("registeredPhones").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("adult", adult.GetProperty("ageBand").GetString());
        Assert.False(string.IsNullOrEmpty(adult.GetProperty("label").GetProperty("zh").GetString()));
        Assert.False(string.IsNullOrEmpty(adult.GetProperty("label").GetProperty("en").GetString()));
        Assert.Equal("C0401011", personas["wrong-password"].GetProperty("expected").GetProperty("R02").GetString());
        Assert.Equal("C0000000", personas["wrong-password"].GetProperty("expected").GetProperty("R03").GetString());
        Assert.Equal("A0503001", personas["outage"].GetProperty("expected").GetProperty("R01").GetString());
        Assert.Equal("mismatch", personas["other-name-mismatch"].GetProperty("expected").GetProperty("other").GetString());
        Assert.Equal("face_mismatch", personas["face-mismatch"].GetProperty("expected").GetProperty("other").GetString());
        Assert.False(personas["other-adult"].GetProperty("expected").TryGetProperty("R01", out _));
        Assert.Equal("under_14", personas["other-child"].GetProperty("ageBand").GetString());
        Assert.Equal("14_17", personas["other-minor"].GetProperty("ageBand").GetString());
        Assert.Equal(["other-child"], personas["other-guardian"].GetProperty("guardianOf").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Sessions_Pending_ListedWithOrganisationNameAndTimes()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R04", Ct, "gender")).AssertStatus(HttpStatusCode.Created);

        var session = TesterClient.Array(await Mock.Tester.GetAsync("/tester/sessions", Ct)).Single(s => s.GetProperty("bizSeq").GetString() == bizSeq);

        Assert.Equal("网络身份沙盒 / NetIdentity Sandbox", session.GetProperty("organisation").GetString());
        Assert.Equal("R04", session.GetProperty("mode").GetString());
        Assert.Equal(TimeSpan.FromSeconds(120), session.GetProperty("expiresAt").GetDateTimeOffset() - session.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Sessions_Answered_NoLongerListed()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult");

        var sessions = await Mock.Tester.GetAsync("/tester/sessions", Ct);

        Assert.DoesNotContain(bizSeq, sessions.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AnsweredSession_AnswersT0409001()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult");

        var approve = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct);
        var deny = await Mock.Tester.DenyAsync(bizSeq, Ct);

        approve.AssertProblem(HttpStatusCode.Conflict, "T0409001");
        deny.AssertProblem(HttpStatusCode.Conflict, "T0409001");
    }

    [Fact]
    public async Task Approve_UnknownSessionOrPersona_AnswersT0404001()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        var unknownPersona = await Mock.Tester.ApproveAsync(bizSeq, "nobody", Ct);
        var unknownSession = await Mock.Tester.ApproveAsync(AuthorityClient.NewId(), "adult", Ct);
        var unknownDeny = await Mock.Tester.DenyAsync(AuthorityClient.NewId(), Ct);

        unknownPersona.AssertProblem(HttpStatusCode.NotFound, "T0404001");
        unknownSession.AssertProblem(HttpStatusCode.NotFound, "T0404001");
        unknownDeny.AssertProblem(HttpStatusCode.NotFound, "T0404001");
        Assert.Equal("https://netidentity.example/tester-errors/T0404001", unknownPersona.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Approve_OtherPathPersona_AnswersT0400002()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        var response = await Mock.Tester.ApproveAsync(bizSeq, "other-adult", Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "T0400002");
    }

    [Theory]
    [InlineData("""{"persona":"adult","face":"maybe"}""")]
    [InlineData("""{"face":"match"}""")]
    [InlineData("""{"persona":"adult",""")]
    [InlineData("")]
    public async Task Approve_MalformedBody_AnswersT0400001(string json)
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R03", Ct)).AssertStatus(HttpStatusCode.Created);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Mock.Http.PostAsync($"/tester/sessions/{bizSeq}/approve", content, Ct);

        var answer = new AuthorityResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Ct));
        answer.AssertProblem(HttpStatusCode.BadRequest, "T0400001");
    }

    [Fact]
    public async Task Otp_NoCodeSentToThePhone_AnswersT0404001()
    {
        var response = await Mock.Tester.GetAsync("/tester/otp/13900000000", Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "T0404001");
    }

    [Fact]
    public async Task Otp_AfterAMatch_ShowsTheSixDigitCodeAndWhenItWasSent()
    {
        var requestId = AuthorityClient.NewId();
        var envelope = AuthorityClient.SealToAuthority(new { name = "朱小乐", idType = "resident_id", idNumber = "110105201601010284", phone = "13800000016" }, requestId);
        (await Mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = requestId, ["identityEnvelope"] = envelope }, Ct)).AssertStatus(HttpStatusCode.OK);

        var otp = (await Mock.Tester.GetAsync("/tester/otp/13800000016", Ct)).Json;

        Assert.Equal("13800000016", otp.GetProperty("phone").GetString());
        Assert.Matches("^[0-9]{6}$", otp.GetProperty("code").GetString());
        Assert.True(otp.TryGetProperty("sentAt", out _));
    }

    [Fact]
    public async Task RegisterOrganisation_SameOrgIdAgain_ReplacesIt()
    {
        var key = Sm2PrivateKey.Generate();
        var body = new { orgId = "ORG-REPLACED-" + AuthorityClient.NewId()[..6], appIds = new[] { "a" }, publicKeyPem = key.PublicKey.ExportPem() };

        var first = await Mock.Tester.PostAsync("/tester/organisations", body, Ct);
        var second = await Mock.Tester.PostAsync("/tester/organisations", body with { }, Ct);

        first.AssertStatus(HttpStatusCode.Created);
        second.AssertStatus(HttpStatusCode.OK);
        Assert.False(second.Json.TryGetProperty("publicKeyPem", out _));
    }

    [Theory]
    [InlineData("", "a", true, "ageBand")]
    [InlineData("ORG-X", "", true, "ageBand")]
    [InlineData("ORG-X", "a", false, "ageBand")]
    [InlineData("ORG-X", "a", true, "birthDate")]
    public async Task RegisterOrganisation_Invalid_AnswersT0400001(string orgId, string appId, bool goodKey, string attribute)
    {
        var pem = goodKey ? Sm2PrivateKey.Generate().PublicKey.ExportPem() : "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";

        var response = await Mock.Tester.PostAsync("/tester/organisations", new { orgId, appIds = new[] { appId }, publicKeyPem = pem, allowedAttributes = new[] { attribute } }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "T0400001");
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("detail").GetString()));
    }
}
