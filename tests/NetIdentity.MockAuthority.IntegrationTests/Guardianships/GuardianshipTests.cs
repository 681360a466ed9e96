using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Guardianships;

/// <summary><c>POST /v1/guardianships/check</c> (contract §6; PIPL Art. 31).</summary>
public sealed class GuardianshipTests(SharedMockAuthority shared)
{
    private static readonly Dictionary<string, string> Numbers = new()
    {
        ["adult"] = "110105199003071239",
        ["child-under-14"] = "110105201506120426",
        ["guardian"] = "110105198511200311",
        ["other-child"] = "110105201601010284",
        ["other-guardian"] = "320503197806150378",
    };

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("guardian", "child-under-14", "guardian")]
    [InlineData("adult", "child-under-14", "none")]
    [InlineData("child-under-14", "guardian", "none")]
    [InlineData("guardian", "minor-14-17", "none")]
    public async Task Check_AppScopedIdReferences_AnswersTheRelation(string guardian, string child, string relation)
    {
        var requestId = AuthorityClient.NewId();

        var response = await CheckAsync(requestId, new { appScopedId = await AppScopedIdAsync(child) }, new { appScopedId = await AppScopedIdAsync(guardian) });

        var payload = response.Payload;
        Assert.Equal("netid.guardianship", payload.GetProperty("type").GetString());
        Assert.Equal(TestKeys.SandboxOrgId, payload.GetProperty("orgId").GetString());
        Assert.Equal(TestKeys.SandboxAppId, payload.GetProperty("appId").GetString());
        Assert.Equal(requestId, payload.GetProperty("requestId").GetString());
        Assert.Equal(relation, payload.GetProperty("relation").GetString());
        Assert.True(payload.TryGetProperty("checkedAt", out _));
    }

    [Theory]
    [InlineData("other-guardian", "other-child", "guardian")]
    [InlineData("guardian", "child-under-14", "guardian")]
    [InlineData("other-guardian", "child-under-14", "none")]
    [InlineData("adult", "other-child", "none")]
    public async Task Check_IdentityEnvelopeReferences_AnswersTheRelation(string guardian, string child, string relation)
    {
        var requestId = AuthorityClient.NewId();

        var response = await CheckAsync(requestId, Sealed(child, requestId), Sealed(guardian, requestId));

        Assert.Equal(relation, response.Payload.GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Check_ChildByAppScopedIdGuardianByEnvelope_AnswersGuardian()
    {
        var requestId = AuthorityClient.NewId();

        var response = await CheckAsync(requestId, new { appScopedId = await AppScopedIdAsync("child-under-14") }, Sealed("guardian", requestId));

        Assert.Equal("guardian", response.Payload.GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Check_UnknownSubject_AnswersNone()
    {
        var requestId = AuthorityClient.NewId();
        var unknown = new { identityEnvelope = AuthorityClient.SealToAuthority(new { idType = "resident_id", idNumber = "11010519900307123X" }, requestId) };

        var response = await CheckAsync(requestId, new { appScopedId = "NIA00000000000000000000000000000000" }, unknown);

        Assert.Equal("none", response.Payload.GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Check_AppScopedIdOfAnotherOrganisation_AnswersNone()
    {
        var other = await Mock.RegisterOrganisationAsync();
        var bizSeq = await Mock.ApprovedSessionAsync("child-under-14", "R01", other);
        var foreignChild = (await other.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("appScopedId").GetString();

        var response = await CheckAsync(AuthorityClient.NewId(), new { appScopedId = foreignChild }, new { appScopedId = await AppScopedIdAsync("guardian") });

        Assert.Equal("none", response.Payload.GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Check_ReusedRequestId_AnswersA0409001()
    {
        var requestId = AuthorityClient.NewId();
        (await CheckAsync(requestId, Sealed("other-child", requestId), Sealed("other-guardian", requestId))).AssertStatus(HttpStatusCode.OK);

        var response = await CheckAsync(requestId, Sealed("other-child", requestId), Sealed("other-guardian", requestId));

        response.AssertProblem(HttpStatusCode.Conflict, "A0409001");
    }

    [Fact]
    public async Task Check_BadRequestId_AnswersA0400002()
    {
        var response = await CheckAsync("abc", new { appScopedId = "NIA1" }, new { appScopedId = "NIA2" });

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400002");
    }

    [Fact]
    public async Task Check_EnvelopeSealedForAnotherRequestId_AnswersA0400001()
    {
        var requestId = AuthorityClient.NewId();

        var response = await CheckAsync(requestId, Sealed("other-child", AuthorityClient.NewId()), Sealed("other-guardian", requestId));

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Fact]
    public async Task Check_ReferenceWithBothOrNeitherMember_AnswersA0400001()
    {
        var requestId = AuthorityClient.NewId();
        var both = new { appScopedId = "NIA1", identityEnvelope = "AQB" };

        var withBoth = await CheckAsync(requestId, both, new { appScopedId = "NIA2" });
        var withNeither = await CheckAsync(AuthorityClient.NewId(), new { }, new { appScopedId = "NIA2" });

        withBoth.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
        withNeither.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    private Task<AuthorityResponse> CheckAsync(string requestId, object child, object guardian) =>
        Mock.Sandbox.PostAsync("/v1/guardianships/check", new() { ["requestId"] = requestId, ["child"] = child, ["guardian"] = guardian }, Ct);

    private static object Sealed(string persona, string requestId) =>
        new { identityEnvelope = AuthorityClient.SealToAuthority(new { idType = "resident_id", idNumber = Numbers[persona] }, requestId) };

    private async Task<string> AppScopedIdAsync(string persona)
    {
        var bizSeq = await Mock.ApprovedSessionAsync(persona);
        return (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("appScopedId").GetString()!;
    }
}
