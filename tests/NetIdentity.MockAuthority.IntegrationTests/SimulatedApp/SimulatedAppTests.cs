using System.Net;
using System.Text.RegularExpressions;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.SimulatedApp;

/// <summary>The simulated app pages: Chinese first with English alongside, antiforgery-checked posts.</summary>
public sealed partial class SimulatedAppTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppIndex_WithPendingSession_ListsItInChineseAndEnglish()
    {
        var bizSeq = await OpenAsync("R01");
        using var browser = Browser();

        var html = await browser.GetStringAsync("/app", Ct);

        Assert.Contains("待确认的认证请求", html, StringComparison.Ordinal);
        Assert.Contains("Pending verification requests", html, StringComparison.Ordinal);
        Assert.Contains("网络身份沙盒 / NetIdentity Sandbox", html, StringComparison.Ordinal);
        Assert.Contains($"/app/sessions/{bizSeq}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppIndex_QrPayloadPasted_RedirectsToTheSession()
    {
        var bizSeq = await OpenAsync("R01");
        var qrPayload = new Uri(Mock.Address, $"/app/sessions/{bizSeq}").ToString();
        using var browser = Browser(allowRedirects: false);

        using var response = await browser.GetAsync($"/app?payload={Uri.EscapeDataString(qrPayload)}", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/app/sessions/{bizSeq}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SessionPage_R04_ShowsPasswordFaceAndBothButtons()
    {
        var bizSeq = await OpenAsync("R04");
        using var browser = Browser();

        var html = await browser.GetStringAsync($"/app/sessions/{bizSeq}", Ct);

        Assert.Contains("网络身份沙盒 / NetIdentity Sandbox", html, StringComparison.Ordinal);
        Assert.Contains("R04", html, StringComparison.Ordinal);
        Assert.Contains("选择身份", html, StringComparison.Ordinal);
        Assert.Contains("Choose a persona", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Password\"", html, StringComparison.Ordinal);
        Assert.Contains("模拟人脸", html, StringComparison.Ordinal);
        Assert.Contains("Simulate face", html, StringComparison.Ordinal);
        Assert.Contains("批准 Approve", html, StringComparison.Ordinal);
        Assert.Contains("拒绝 Deny", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionPage_R01_AsksNeitherPasswordNorFace()
    {
        var bizSeq = await OpenAsync("R01");
        using var browser = Browser();

        var html = await browser.GetStringAsync($"/app/sessions/{bizSeq}", Ct);

        Assert.DoesNotContain("name=\"Password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("模拟人脸", html, StringComparison.Ordinal);
        Assert.DoesNotContain("other-adult", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionPage_UnknownSession_Answers404InChineseAndEnglish()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync($"/app/sessions/{AuthorityClient.NewId()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("找不到该认证请求", html, StringComparison.Ordinal);
        Assert.Contains("No such verification request", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionPage_ApprovePostedWithAntiforgeryToken_ShowsTheResultAndIssuesTheCredential()
    {
        var bizSeq = await OpenAsync("R04");
        using var browser = Browser();
        var token = await TokenAsync(browser, bizSeq);

        var html = await PostFormAsync(browser, bizSeq, "Approve", token, ("Persona", "adult"), ("Password", "123456"), ("Face", "match"), ("MatchCode", AuthorityClient.MatchCode));

        Assert.Contains("已批准 Approved", html, StringComparison.Ordinal);
        Assert.Contains("C0000000", html, StringComparison.Ordinal);
        Assert.Equal("pass", (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("result").GetString());
    }

    [Fact]
    public async Task SessionPage_ApproveWithWrongPassword_FailsWithC0401011()
    {
        var bizSeq = await OpenAsync("R02");
        using var browser = Browser();
        var token = await TokenAsync(browser, bizSeq);

        var html = await PostFormAsync(browser, bizSeq, "Approve", token, ("Persona", "adult"), ("Password", "999999"), ("MatchCode", AuthorityClient.MatchCode));

        Assert.Contains("C0401011", html, StringComparison.Ordinal);
        Assert.Equal("C0401011", (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("resultCode").GetString());
    }

    [Fact]
    public async Task SessionPage_DenyPosted_ShowsDeniedAndTheCredentialFails()
    {
        var bizSeq = await OpenAsync("R01");
        using var browser = Browser();
        var token = await TokenAsync(browser, bizSeq);

        var html = await PostFormAsync(browser, bizSeq, "Deny", token);

        Assert.Contains("已拒绝 Denied", html, StringComparison.Ordinal);
        Assert.Equal("C0401031", (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("resultCode").GetString());
    }

    [Fact]
    public async Task SessionPage_PostWithoutAntiforgeryToken_IsRefusedAndLeavesTheSessionPending()
    {
        var bizSeq = await OpenAsync("R01");
        using var browser = Browser();
        using var form = new FormUrlEncodedContent([new("Persona", "adult")]);

        using var response = await browser.PostAsync($"/app/sessions/{bizSeq}?handler=Approve", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).AssertStatus(HttpStatusCode.Accepted);
    }

    private async Task<string> OpenAsync(string mode)
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, mode, Ct)).AssertStatus(HttpStatusCode.Created);
        return bizSeq;
    }

    private HttpClient Browser(bool allowRedirects = true) =>
        Mock.NewHttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = allowRedirects });

    private static async Task<string> TokenAsync(HttpClient browser, string bizSeq)
    {
        var html = await browser.GetStringAsync($"/app/sessions/{bizSeq}", Ct);
        return AntiforgeryToken().Match(html).Groups[1].Value;
    }

    private static async Task<string> PostFormAsync(HttpClient browser, string bizSeq, string handler, string token, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        using var response = await browser.PostAsync($"/app/sessions/{bizSeq}?handler={handler}", form, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
