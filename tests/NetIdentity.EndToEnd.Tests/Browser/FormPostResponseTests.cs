using System.Security.Cryptography;
using System.Text;
using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// <c>response_mode=form_post</c> (OAuth 2.0 Form Post Response Mode) is what ASP.NET Core's
/// OpenID Connect handler asks for by default: the broker answers with a page whose one inline
/// script posts the form to the platform. The broker's Content-Security-Policy forbids inline
/// script except that exact script (by its hash), so the answer must still reach the platform in
/// a real browser. The request here fails (NI2001) so that no login is needed to get an answer.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class FormPostResponseTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    [Fact]
    public async Task Authorize_WithFormPostResponseMode_PostsTheAnswerToThePlatformInARealBrowser()
    {
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(new string('v', 43)))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var callback = SandboxProcess.NoLegalBasisRedirectUri(sandbox.Platform.Port).ToString();
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = SandboxProcess.NoLegalBasisClientId,
            ["response_type"] = "code",
            ["response_mode"] = "form_post",
            ["scope"] = "openid netid netid.identity",
            ["redirect_uri"] = callback,
            ["state"] = "form-post-state",
            ["nonce"] = "n",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        var blocked = new List<string>();
        journey.Page.Console += (_, message) => blocked.Add(message.Text);

        // The platform's callback is not served in the sandbox (a 404): the POST the browser makes
        // there is what the platform would receive.
        var posted = await journey.Page.RunAndWaitForRequestAsync(
            async () =>
            {
                try
                {
                    await journey.Page.GotoAsync(new Uri(sandbox.Broker, "connect/authorize?" + query).ToString());
                }
                catch (Microsoft.Playwright.PlaywrightException e) when (e.Message.Contains("ERR_HTTP_RESPONSE_CODE_FAILURE", StringComparison.Ordinal))
                {
                    // The 404 at the platform's unserved callback.
                }
            },
            request => request.Url == callback && request.Method == "POST",
            new() { Timeout = 15_000 });

        var form = System.Web.HttpUtility.ParseQueryString(posted.PostData ?? string.Empty);
        Assert.Equal("invalid_scope", form["error"]);
        Assert.StartsWith("NI2001: ", form["error_description"], StringComparison.Ordinal);
        Assert.Equal("form-post-state", form["state"]);
        Assert.Equal(sandbox.Broker.ToString(), form["iss"]);
        Assert.DoesNotContain(blocked, text => text.Contains("Content Security Policy", StringComparison.Ordinal));
    }
}
