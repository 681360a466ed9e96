using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Relay;

/// <summary>
/// Number matching (contract v2, §3): the session names the platform and carries the code the
/// browser shows; the app approves only when the person picks that code.
/// </summary>
public sealed class NumberMatchingTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_WithTheBrowsersCode_PassesAndTheCredentialEchoesIt()
    {
        var bizSeq = await OpenAsync();

        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct);

        answer.AssertStatus(HttpStatusCode.OK);
        var credential = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload;
        Assert.Equal("pass", credential.GetProperty("result").GetString());
        Assert.Equal(AuthorityClient.MatchCode, credential.GetProperty("matchedCode").GetString());
        Assert.Equal("qr", credential.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Approve_WithAnotherCode_IsRefusedWithT0400003AndTheSessionStaysPending()
    {
        var bizSeq = await OpenAsync();

        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, matchCode: "17");

        answer.AssertProblem(HttpStatusCode.BadRequest, "T0400003");
        (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Approve_ThirdWrongCode_FailsTheSessionWithC0401041()
    {
        var bizSeq = await OpenAsync();
        (await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, matchCode: "17")).AssertProblem(HttpStatusCode.BadRequest, "T0400003");
        (await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, matchCode: "18")).AssertProblem(HttpStatusCode.BadRequest, "T0400003");

        var third = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, matchCode: "19");

        third.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("C0401041", third.Json.GetProperty("resultCode").GetString());
        var credential = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload;
        Assert.Equal("fail", credential.GetProperty("result").GetString());
        Assert.Equal("C0401041", credential.GetProperty("resultCode").GetString());
        Assert.False(credential.TryGetProperty("matchedCode", out _));
        Assert.False(credential.TryGetProperty("appScopedId", out _));
        (await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct)).AssertProblem(HttpStatusCode.Conflict, "T0409001");
    }

    [Fact]
    public async Task Approve_WithoutACode_IsMalformed()
    {
        var bizSeq = await OpenAsync();

        var answer = await Mock.Tester.PostAsync($"/tester/sessions/{bizSeq}/approve", new { persona = "adult" }, Ct);

        answer.AssertProblem(HttpStatusCode.BadRequest, "T0400001");
        (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("matchCode", null)]
    [InlineData("matchCode", "7")]
    [InlineData("matchCode", "1234567")]
    [InlineData("matchCode", "4a")]
    [InlineData("platformName", null)]
    [InlineData("platformName", " ")]
    [InlineData("returnUri", "/login/x/netid/return")]
    [InlineData("returnUri", "javascript:alert(1)")]
    [InlineData("returnUri", "https://broker.example/return#frag")]
    public async Task OpenSession_MissingOrBadV2Member_AnswersA0400001(string member, string? value)
    {
        var response = await Mock.Sandbox.OpenSessionWithAsync(AuthorityClient.NewId(), "R01", new() { [member] = value }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Fact]
    public async Task OpenSession_IdentityReleaseByAnOrganisationNotEntitled_AnswersA0403002()
    {
        var notEntitled = await Mock.RegisterOrganisationAsync(plaintextEntitled: false);

        var response = await notEntitled.OpenSessionWithAsync(AuthorityClient.NewId(), "R01", new() { ["identityRelease"] = true }, Ct);

        response.AssertProblem(HttpStatusCode.Forbidden, "A0403002");
    }

    [Fact]
    public async Task SimulatedApp_PendingSession_ShowsThePlatformAndTheBrowsersCodeAmongThree()
    {
        var bizSeq = await OpenAsync();
        using var browser = Mock.NewHttpClient();

        var html = await browser.GetStringAsync($"/app/sessions/{bizSeq}", Ct);

        Assert.Contains(AuthorityClient.PlatformName, html, StringComparison.Ordinal);
        Assert.Contains("请选择浏览器中显示的数字", html, StringComparison.Ordinal);
        Assert.Contains("Pick the number shown in your browser", html, StringComparison.Ordinal);
        Assert.Contains($"data-match-choice=\"{AuthorityClient.MatchCode}\"", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("data-match-choice=", StringSplitOptions.None).Length - 1);
    }

    private async Task<string> OpenAsync()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, "R01", Ct)).AssertStatus(HttpStatusCode.Created);
        return bizSeq;
    }
}
