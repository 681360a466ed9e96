using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Sessions;

/// <summary>
/// The clocks of contract §3, §4 and §7, moved forward on a mock of each test's own (moving the
/// shared mock's clock would expire other tests' sessions).
/// </summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private MockAuthorityHost? _mock;

    private MockAuthorityHost Mock => _mock!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mock = await MockAuthorityHost.StartAsync();

    public async ValueTask DisposeAsync() => await Mock.DisposeAsync();

    [Fact]
    public async Task QueryCredential_NoAnswerFor121s_AnswersA0410001()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        Mock.Clock.Advance(TimeSpan.FromSeconds(121));
        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Gone, "A0410001");
    }

    [Fact]
    public async Task Approve_SessionExpired_AnswersT0409001AndIsNoLongerPending()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);

        Mock.Clock.Advance(TimeSpan.FromSeconds(121));
        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct);

        answer.AssertProblem(HttpStatusCode.Conflict, "T0409001");
        Assert.DoesNotContain(bizSeq, (await Mock.Tester.GetAsync("/tester/sessions", Ct)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryCredential_Within120sOfTheAnswer_AnswersTheCredential()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        Mock.Clock.Advance(TimeSpan.FromSeconds(110));
        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        Assert.Equal("C0000000", response.Payload.GetProperty("resultCode").GetString());
    }

    [Fact]
    public async Task QueryCredential_MoreThan120sAfterTheAnswer_AnswersA0410001()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        Mock.Clock.Advance(TimeSpan.FromSeconds(121));
        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Gone, "A0410001");
    }

    [Fact]
    public async Task QueryIdentity_Within600sOfTheCredential_ReleasesIt()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        Mock.Clock.Advance(TimeSpan.FromSeconds(590));
        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueryIdentity_MoreThan600sAfterTheCredential_AnswersA0410002()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        Mock.Clock.Advance(TimeSpan.FromSeconds(601));
        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Gone, "A0410002");
    }

    [Fact]
    public async Task RealnameCode_MoreThan300sAfterOpening_AnswersA0410001()
    {
        var requestId = AuthorityClient.NewId();
        var envelope = AuthorityClient.SealToAuthority(
            new { name = "韩雪梅", idType = "resident_id", idNumber = "440305199912120920", phone = "13800000014" }, requestId);
        var opened = await Mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = requestId, ["identityEnvelope"] = envelope }, Ct);
        opened.AssertStatus(HttpStatusCode.OK);
        var code = await Mock.Tester.OtpAsync("13800000014", Ct);

        Mock.Clock.Advance(TimeSpan.FromSeconds(301));
        var response = await Mock.Sandbox.PostAsync("/v1/realname/verifications/otp", new() { ["requestId"] = requestId, ["code"] = code }, Ct);

        response.AssertProblem(HttpStatusCode.Gone, "A0410001");
    }
}

/// <summary>The lifetimes are configuration, not constants.</summary>
public sealed class SessionLifetimeConfigurationTests
{
    [Fact]
    public async Task OpenSession_LifetimeConfigured_ExpiresAfterTheConfiguredSeconds()
    {
        await using var mock = await MockAuthorityHost.StartAsync(["MockAuthority:SessionLifetimeSeconds=30"]);

        var payload = (await mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", TestContext.Current.CancellationToken)).Payload;

        var lifetime = payload.GetProperty("expiresAt").GetDateTimeOffset() - payload.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromSeconds(30), lifetime);
    }

    [Fact]
    public async Task OpenSession_PublicBaseUrlConfigured_LinksPointThere()
    {
        await using var mock = await MockAuthorityHost.StartAsync(["MockAuthority:PublicBaseUrl=https://mock.example.test/"]);
        var bizSeq = AuthorityClient.NewId();

        var payload = (await mock.Sandbox.OpenSessionAsync(bizSeq, "R01", TestContext.Current.CancellationToken)).Payload;

        Assert.Equal($"https://mock.example.test/app/sessions/{bizSeq}", payload.GetProperty("qrPayload").GetString());
        Assert.Equal($"https://mock.example.test/app/sessions/{bizSeq}?via=applink", payload.GetProperty("appLink").GetString());
    }
}
