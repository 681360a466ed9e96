using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Identity;

/// <summary><c>POST /v1/identity/query</c> (contract §4).</summary>
public sealed class IdentityQueryTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("adult", "赵一鸣", "110105199003071239")]
    [InlineData("child-under-14", "孙小雨", "110105201506120426")]
    [InlineData("minor-14-17", "周晓晴", "310104201008150260")]
    [InlineData("face-mismatch", "陈浩然", "310104199503030776")]
    public async Task QueryIdentity_PassedSession_EnvelopeOpensWithTheOrganisationKey(string persona, string name, string idNumber)
    {
        var bizSeq = await Mock.IdentitySessionAsync(persona);
        var appScopedId = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("appScopedId").GetString();

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.OK);
        var payload = response.Payload;
        Assert.Equal("netid.identity", payload.GetProperty("type").GetString());
        Assert.Equal(TestKeys.SandboxOrgId, payload.GetProperty("orgId").GetString());
        Assert.Equal(TestKeys.SandboxAppId, payload.GetProperty("appId").GetString());
        Assert.Equal(bizSeq, payload.GetProperty("bizSeq").GetString());
        Assert.Equal(appScopedId, payload.GetProperty("appScopedId").GetString());
        var identity = Open(payload, bizSeq);
        Assert.Equal(name, identity.GetProperty("name").GetString());
        Assert.Equal("resident_id", identity.GetProperty("idType").GetString());
        Assert.Equal(idNumber, identity.GetProperty("idNumber").GetString());
    }

    [Fact]
    public async Task QueryIdentity_Envelope_IsBoundToTheBizSeq()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        var envelope = Base64Url.DecodeFromChars((await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct)).Payload.GetProperty("envelope").GetString());

        Assert.False(Sm2Envelope.TryOpen(TestKeys.SandboxKey, envelope, out _, Encoding.ASCII.GetBytes(AuthorityClient.NewId())));
    }

    [Fact]
    public async Task QueryIdentity_SomeFields_ReleasesOnlyThoseFields()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        var payload = (await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct, "name")).Payload;

        Assert.Equal(["name"], Open(payload, bizSeq).EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task QueryIdentity_Twice_AnswersA0409002()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");
        (await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.OK);

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409002");
    }

    [Theory]
    [InlineData("cancelled", "R01")]
    [InlineData("wrong-password", "R02")]
    [InlineData("face-mismatch", "R03")]
    public async Task QueryIdentity_FailedSession_AnswersA0409003(string persona, string mode)
    {
        var bizSeq = await Mock.IdentitySessionAsync(persona, mode);

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409003");
    }

    [Fact]
    public async Task QueryIdentity_RefusedSession_AnswersA0409003()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);
        (await Mock.Tester.DenyAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.OK);

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409003");
    }

    [Fact]
    public async Task QueryIdentity_PendingSession_AnswersA0409003()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409003");
    }

    [Fact]
    public async Task QueryIdentity_UnknownSession_AnswersA0404001()
    {
        var response = await Mock.Sandbox.QueryIdentityAsync(AuthorityClient.NewId(), Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
    }

    [Fact]
    public async Task QueryIdentity_BadBizSeq_AnswersA0400002()
    {
        var response = await Mock.Sandbox.QueryIdentityAsync("1234", Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400002");
    }

    [Fact]
    public async Task QueryIdentity_OrganisationNotEntitled_AnswersA0403002()
    {
        var notEntitled = await Mock.RegisterOrganisationAsync(plaintextEntitled: false);
        var bizSeq = await Mock.ApprovedSessionAsync("adult", "R01", notEntitled);

        var response = await notEntitled.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Forbidden, "A0403002");
    }

    [Fact]
    public async Task QueryIdentity_EntitledRegisteredOrganisation_SealsToItsOwnKey()
    {
        var entitled = await Mock.RegisterOrganisationAsync(plaintextEntitled: true);
        var bizSeq = await Mock.IdentitySessionAsync("guardian", "R01", entitled);

        var envelope = Base64Url.DecodeFromChars((await entitled.QueryIdentityAsync(bizSeq, Ct)).Payload.GetProperty("envelope").GetString());

        Assert.True(Sm2Envelope.TryOpen(entitled.Key, envelope, out _, Encoding.ASCII.GetBytes(bizSeq)));
        Assert.False(Sm2Envelope.TryOpen(TestKeys.SandboxKey, envelope, out _, Encoding.ASCII.GetBytes(bizSeq)));
    }

    [Fact]
    public async Task QueryIdentity_UnknownField_AnswersA0400003()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct, "name", "birthDate");

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400003");
    }

    [Fact]
    public async Task QueryIdentity_NoFieldsOrNoConsent_AnswersA0400001()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        var noFields = await Mock.Sandbox.PostAsync("/v1/identity/query", new() { ["bizSeq"] = bizSeq, ["consentId"] = AuthorityClient.NewId(), ["fields"] = Array.Empty<string>() }, Ct);
        var noConsent = await Mock.Sandbox.PostAsync("/v1/identity/query", new() { ["bizSeq"] = bizSeq, ["fields"] = new[] { "name" } }, Ct);

        noFields.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
        noConsent.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    private static JsonElement Open(JsonElement payload, string bizSeq)
    {
        var envelope = Base64Url.DecodeFromChars(payload.GetProperty("envelope").GetString());
        return JsonDocument.Parse(Sm2Envelope.Open(TestKeys.SandboxKey, envelope, Encoding.ASCII.GetBytes(bizSeq))).RootElement;
    }
}
