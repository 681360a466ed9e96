using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Relay;

/// <summary>
/// Plaintext only with the person's own confirmation in the app (contract v2, §4; the Measures:
/// 经用户单独同意): the credential states the answer, the identity query honours it.
/// </summary>
public sealed class IdentityConfirmationTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryIdentity_PersonDeclinedInTheApp_AnswersA0403003()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult", identity: "decline");

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Forbidden, "A0403003");
        Assert.Equal("declined", (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("identityRelease").GetString());
    }

    [Fact]
    public async Task QueryIdentity_SessionThatDidNotAskForARelease_AnswersA0403003()
    {
        var bizSeq = await Mock.ApprovedSessionAsync("adult");

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.Forbidden, "A0403003");
        Assert.False((await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.TryGetProperty("identityRelease", out _));
    }

    [Fact]
    public async Task QueryIdentity_PersonConfirmedInTheApp_ReleasesAndTheCredentialSaysSo()
    {
        var bizSeq = await Mock.IdentitySessionAsync("adult");

        var response = await Mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("confirmed", (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("identityRelease").GetString());
    }

    [Fact]
    public async Task Approve_UnknownIdentityAnswer_IsMalformed()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionWithAsync(bizSeq, "R01", new() { ["identityRelease"] = true }, Ct)).AssertStatus(HttpStatusCode.Created);

        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, identity: "maybe");

        answer.AssertProblem(HttpStatusCode.BadRequest, "T0400001");
    }

    [Fact]
    public async Task SimulatedApp_SessionAskingForARelease_AsksSeparately()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionWithAsync(bizSeq, "R01", new() { ["identityRelease"] = true }, Ct)).AssertStatus(HttpStatusCode.Created);
        using var browser = Mock.NewHttpClient();

        var html = await browser.GetStringAsync($"/app/sessions/{bizSeq}", Ct);

        Assert.Contains("是否同意向“" + AuthorityClient.PlatformName + "”提供您的姓名和证件号码？", html, StringComparison.Ordinal);
        Assert.Contains("name=\"ConfirmIdentity\" value=\"false\"", html, StringComparison.Ordinal);
    }
}
