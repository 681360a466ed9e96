using System.Net;
using System.Text;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Relay;

/// <summary>
/// The app link on the same phone (contract v2, §3): an approval through it returns to the
/// caller's return URI with a one-time value whose SM3 hash, and only the hash, is in the credential.
/// </summary>
public sealed class AppLinkReturnTests(SharedMockAuthority shared)
{
    private const string ReturnUri = "https://broker.example/login/abc/netid/return";

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenSession_Always_GivesAnAppLinkThatIsNotTheQrPayload()
    {
        var response = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);

        var payload = response.Payload;
        Assert.EndsWith("?via=applink", payload.GetProperty("appLink").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(payload.GetProperty("qrPayload").GetString(), payload.GetProperty("appLink").GetString());
    }

    [Fact]
    public async Task Approve_ThroughTheAppLink_ReturnsWithAValueWhoseHashIsInTheCredential()
    {
        var bizSeq = await OpenAsync();

        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct, channel: "applink");

        answer.AssertStatus(HttpStatusCode.OK);
        var returnTo = new Uri(answer.Json.GetProperty("returnTo").GetString()!);
        Assert.StartsWith(ReturnUri + "?returnValue=", returnTo.AbsoluteUri, StringComparison.Ordinal);
        var value = returnTo.Query["?returnValue=".Length..];
        var credential = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct));
        Assert.Equal("applink", credential.Payload.GetProperty("channel").GetString());
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(Encoding.ASCII.GetBytes(value))), credential.Payload.GetProperty("returnValueHash").GetString());
        Assert.DoesNotContain(value, credential.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ByScanningTheQrCode_ReturnsNothing()
    {
        var bizSeq = await OpenAsync();

        var answer = await Mock.Tester.ApproveAsync(bizSeq, "adult", Ct);

        Assert.False(answer.Json.TryGetProperty("returnTo", out var returnTo) && returnTo.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.False((await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.TryGetProperty("returnValueHash", out _));
    }

    [Fact]
    public async Task SimulatedApp_OpenedByTheAppLink_RedirectsToTheReturnUriAfterApproval()
    {
        var bizSeq = await OpenAsync();
        using var browser = Mock.NewHttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false });
        var page = await browser.GetStringAsync($"/app/sessions/{bizSeq}?via=applink", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Persona"] = "adult",
            ["MatchCode"] = AuthorityClient.MatchCode,
            ["Via"] = "applink",
        });

        using var response = await browser.PostAsync($"/app/sessions/{bizSeq}?handler=Approve", form, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(ReturnUri + "?returnValue=", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    private async Task<string> OpenAsync()
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionWithAsync(bizSeq, "R01", new() { ["returnUri"] = ReturnUri }, Ct)).AssertStatus(HttpStatusCode.Created);
        return bizSeq;
    }
}
