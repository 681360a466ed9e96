using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Sessions;

/// <summary><c>POST /v1/credentials/query</c> (contract §3).</summary>
public sealed partial class CredentialQueryTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryCredential_BeforeTheAnswer_Answers202UnsignedPending()
    {
        var bizSeq = AuthorityClient.NewId();
        var opened = (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).Payload;

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal(bizSeq, response.Json.GetProperty("bizSeq").GetString());
        Assert.Equal("pending", response.Json.GetProperty("status").GetString());
        Assert.Equal(opened.GetProperty("expiresAt").GetString(), response.Json.GetProperty("expiresAt").GetString());
        Assert.False(response.Json.TryGetProperty("signature", out _));
    }

    [Fact]
    public async Task QueryCredential_AfterApproval_AnswersSignedPassingCredential()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult", "R01");

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.OK);
        var credential = response.Payload;
        Assert.Equal("netid.credential", credential.GetProperty("type").GetString());
        Assert.Matches("^[a-z0-9]{32}$", credential.GetProperty("credentialId").GetString());
        Assert.Equal(TestKeys.SandboxOrgId, credential.GetProperty("orgId").GetString());
        Assert.Equal(TestKeys.SandboxAppId, credential.GetProperty("appId").GetString());
        Assert.Equal(bizSeq, credential.GetProperty("bizSeq").GetString());
        Assert.Equal("R01", credential.GetProperty("mode").GetString());
        Assert.Equal("pass", credential.GetProperty("result").GetString());
        Assert.Equal("C0000000", credential.GetProperty("resultCode").GetString());
        Assert.Matches(AppScopedIdPattern(), credential.GetProperty("appScopedId").GetString());
        var serviceTime = credential.GetProperty("serviceTime").GetDateTimeOffset();
        Assert.InRange(serviceTime, Mock.Clock.GetUtcNow().AddSeconds(-10), Mock.Clock.GetUtcNow());
        Assert.False(credential.TryGetProperty("faceScore", out _));
        Assert.False(credential.TryGetProperty("attributes", out _));
    }

    [Fact]
    public async Task QueryCredential_FetchedAgainWithin120s_AnswersTheSameSignedBytes()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult");

        var first = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);
        var second = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task QueryCredential_UnknownSession_AnswersA0404001()
    {
        var response = await Mock.Sandbox.QueryCredentialAsync(AuthorityClient.NewId(), Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
    }

    [Fact]
    public async Task QueryCredential_AnotherOrganisationsSession_AnswersA0404001()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult");
        var other = await Mock.RegisterOrganisationAsync();

        var response = await other.QueryCredentialAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
    }

    [Fact]
    public async Task QueryCredential_BadBizSeq_AnswersA0400002()
    {
        var response = await Mock.Sandbox.QueryCredentialAsync("not-a-bizseq", Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400002");
    }

    [Fact]
    public async Task QueryCredential_PersonRefused_AnswersFailC0401031WithoutIdentifier()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R03", Ct, "ageBand")).AssertStatus(HttpStatusCode.Created);
        (await Mock.Tester.DenyAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.OK);

        var credential = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload;

        Assert.Equal("fail", credential.GetProperty("result").GetString());
        Assert.Equal("C0401031", credential.GetProperty("resultCode").GetString());
        Assert.False(credential.TryGetProperty("appScopedId", out _));
        Assert.False(credential.TryGetProperty("attributes", out _));
        Assert.False(credential.TryGetProperty("faceScore", out _));
    }

    [Theory]
    [InlineData("adult", "adult", "M")]
    [InlineData("guardian", "adult", "M")]
    [InlineData("child-under-14", "under_14", "F")]
    [InlineData("minor-14-17", "14_17", "F")]
    [InlineData("bad-signature", "adult", "F")]
    public async Task QueryCredential_AttributesRequested_CarriesAgeBandAndGender(string persona, string ageBand, string gender)
    {
        var bizSeq = await Mock.ApprovedSessionAsync(persona, "R01", null, "ageBand", "gender");

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        var attributes = System.Text.Json.JsonDocument.Parse(response.PayloadBytes).RootElement.GetProperty("attributes");
        Assert.Equal(ageBand, attributes.GetProperty("ageBand").GetString());
        Assert.Equal(gender, attributes.GetProperty("gender").GetString());
    }

    [Fact]
    public async Task QueryCredential_OnlyAgeBandRequested_CarriesNoGender()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult", "R01", null, "ageBand");

        var attributes = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("attributes");

        Assert.Equal(["ageBand"], attributes.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AppScopedId_SamePersonSameOrganisation_IsStable()
    {
        var first = await CredentialAsync(Mock.Sandbox, "adult");
        var second = await CredentialAsync(Mock.Sandbox, "adult");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task AppScopedId_SamePersonOtherOrganisation_Differs()
    {
        var other = await Mock.RegisterOrganisationAsync();

        var sandbox = await CredentialAsync(Mock.Sandbox, "adult");
        var elsewhere = await CredentialAsync(other, "adult");

        Assert.NotEqual(sandbox, elsewhere);
        Assert.Matches(AppScopedIdPattern(), elsewhere);
    }

    [Fact]
    public async Task AppScopedId_OtherPersonSameOrganisation_Differs()
    {
        Assert.NotEqual(await CredentialAsync(Mock.Sandbox, "adult"), await CredentialAsync(Mock.Sandbox, "guardian"));
    }

    [Fact]
    public async Task QueryCredential_SlowPersona_AnswersAfterTheConfiguredDelay()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("slow");
        var watch = Stopwatch.StartNew();

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        Assert.True(watch.ElapsedMilliseconds >= 290, $"Answered after {watch.ElapsedMilliseconds} ms.");
        Assert.Equal("C0000000", response.Payload.GetProperty("resultCode").GetString());
    }

    [Fact]
    public async Task QueryCredential_OutagePersonaAfterApproval_AnswersA0503001()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);
        (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.Accepted);
        (await Mock.Tester.ApproveAsync(bizSeq, "outage", Ct)).AssertStatus(HttpStatusCode.OK);

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
    }

    [Fact]
    public async Task QueryCredential_BadSignaturePersona_IsSignedUnderTheGenuineKidButDoesNotVerify()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("bad-signature");

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(TestKeys.SigningKeyId, response.Json.GetProperty("kid").GetString());
        Assert.False(response.SignatureVerifies());
    }

    [Fact]
    public async Task QueryCredential_ReplayedPersona_AnswersTheOrganisationsPreviousPassingCredential()
    {
        var organisation = await Mock.RegisterOrganisationAsync();
        var earlier = await Mock.ApprovedSessionAsync("adult", "R01", organisation);
        var earlierCredential = await organisation.QueryCredentialAsync(earlier, Ct);
        var replayed = await Mock.ApprovedSessionAsync("replayed", "R01", organisation);

        var response = await organisation.QueryCredentialAsync(replayed, Ct);

        Assert.Equal(earlierCredential.Body, response.Body);
        Assert.Equal(earlier, response.Payload.GetProperty("bizSeq").GetString());
    }

    [Fact]
    public async Task QueryCredential_ReplayedPersonaWithNoEarlierCredential_AnswersAnHourOldCredentialForAnotherBizSeq()
    {
        var organisation = await Mock.RegisterOrganisationAsync();
        var bizSeq = await Mock.ApprovedSessionAsync("replayed", "R03", organisation);

        var credential = (await organisation.QueryCredentialAsync(bizSeq, Ct)).Payload;

        Assert.NotEqual(bizSeq, credential.GetProperty("bizSeq").GetString());
        Assert.Matches("^[A-Za-z0-9]{32}$", credential.GetProperty("bizSeq").GetString());
        Assert.Equal("pass", credential.GetProperty("result").GetString());
        var age = Mock.Clock.GetUtcNow() - credential.GetProperty("serviceTime").GetDateTimeOffset();
        Assert.InRange(age, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    private async Task<string> CredentialAsync(AuthorityClient client, string persona)
    {
        var bizSeq = await Mock.ApprovedSessionAsync(persona, "R01", client);
        return (await client.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("appScopedId").GetString()!;
    }

    [GeneratedRegex("^NIA[0-9A-F]{32}$")]
    private static partial Regex AppScopedIdPattern();
}
