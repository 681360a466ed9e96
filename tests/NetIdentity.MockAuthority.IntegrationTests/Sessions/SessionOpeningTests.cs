using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Sessions;

/// <summary><c>POST /v1/sessions</c> (contract §3).</summary>
public sealed class SessionOpeningTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("R01")]
    [InlineData("R02")]
    [InlineData("R03")]
    [InlineData("R04")]
    public async Task OpenSession_ValidRequest_AnswersSignedPendingSession(string mode)
    {
        var bizSeq = AuthorityClient.NewId();

        var response = await Mock.Sandbox.OpenSessionAsync(bizSeq, mode, Ct, "ageBand");

        response.AssertStatus(HttpStatusCode.Created);
        var payload = response.Payload;
        Assert.Equal("netid.session", payload.GetProperty("type").GetString());
        Assert.Equal(TestKeys.SandboxOrgId, payload.GetProperty("orgId").GetString());
        Assert.Equal(TestKeys.SandboxAppId, payload.GetProperty("appId").GetString());
        Assert.Equal(bizSeq, payload.GetProperty("bizSeq").GetString());
        Assert.Equal(mode, payload.GetProperty("mode").GetString());
        Assert.Equal("pending", payload.GetProperty("status").GetString());
        var link = new Uri(Mock.Address, $"/app/sessions/{bizSeq}").ToString();
        Assert.Equal(link, payload.GetProperty("qrPayload").GetString());
        Assert.Equal(link + "?via=applink", payload.GetProperty("appLink").GetString());
        var created = payload.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromSeconds(120), payload.GetProperty("expiresAt").GetDateTimeOffset() - created);
        Assert.EndsWith("Z", payload.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSession_ReusedBizSeq_AnswersA0409001()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        var response = await Mock.Sandbox.OpenSessionAsync(bizSeq, "R02", Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409001");
    }

    [Fact]
    public async Task OpenSession_BizSeqUsedByAnotherOrganisation_AnswersA0409001()
    {
        var other = await Mock.RegisterOrganisationAsync();
        var bizSeq = AuthorityClient.NewId();
        (await other.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        var response = await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409001");
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f0")]
    [InlineData("9f1c0a7e-b2d4c3a8e6f1b0d2c4a6e8f")]
    [InlineData("９f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f")]
    public async Task OpenSession_BizSeqNot32LettersOrDigits_AnswersA0400002(string bizSeq)
    {
        var response = await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400002");
    }

    [Theory]
    [InlineData("R05")]
    [InlineData("r01")]
    [InlineData("")]
    public async Task OpenSession_UnknownMode_AnswersA0400003(string mode)
    {
        var response = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), mode, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400003");
    }

    [Fact]
    public async Task OpenSession_UnknownAttribute_AnswersA0400003()
    {
        var response = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct, "birthDate");

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400003");
    }

    [Theory]
    [InlineData("ageBand")]
    [InlineData("gender")]
    public async Task OpenSession_AttributeNotInEntitlements_AnswersA0403001(string attribute)
    {
        var unentitled = await Mock.RegisterOrganisationAsync();

        var response = await unentitled.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct, attribute);

        response.AssertProblem(HttpStatusCode.Forbidden, "A0403001");
    }

    [Fact]
    public async Task OpenSession_AttributeInEntitlements_IsAccepted()
    {
        var entitled = await Mock.RegisterOrganisationAsync(false, "gender");

        var response = await entitled.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct, "gender");

        response.AssertStatus(HttpStatusCode.Created);
    }
}
