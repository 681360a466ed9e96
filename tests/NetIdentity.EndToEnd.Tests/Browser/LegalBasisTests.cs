using System.Security.Cryptography;
using System.Text;
using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// A platform registered without a legal basis cannot get plaintext identity: asking for
/// <c>netid.identity</c> is refused with <c>invalid_scope</c> (NI2001) at the platform's redirect URI
/// before the person sees anything (PRODUCT rule 2; PIPL Art. 13, 29). The sandbox registers such a platform for this test.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class LegalBasisTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    [Fact]
    public async Task Authorize_IdentityScopeFromPlatformWithoutLegalBasis_RedirectsInvalidScopeNI2001()
    {
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = SandboxProcess.NoLegalBasisClientId,
            ["response_type"] = "code",
            ["scope"] = "openid netid netid.identity",
            ["redirect_uri"] = SandboxProcess.NoLegalBasisRedirectUri(sandbox.Platform.Port).ToString(),
            ["state"] = "s",
            ["nonce"] = "n",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));

        // Told at its registered redirect URI (RFC 6749 §4.1.2.1), before any login page. The
        // sandbox serves nothing at this platform's callback (Chromium shows its own 404 page, and
        // Playwright cannot route a redirect's target): what the browser asked there is what the
        // platform would read.
        var callback = SandboxProcess.NoLegalBasisRedirectUri(sandbox.Platform.Port).ToString();
        var landed = await journey.Page.RunAndWaitForRequestAsync(
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
            request => request.Url.StartsWith(callback, StringComparison.Ordinal));
        var landing = new Uri(landed.Url);
        Assert.Equal(callback, landing.GetLeftPart(UriPartial.Path));
        var answer = System.Web.HttpUtility.ParseQueryString(landing.Query);
        Assert.Equal("invalid_scope", answer["error"]);
        Assert.Equal(
            "NI2001: The scope 'netid.identity' is only for platforms registered with a legal basis for plaintext identity (PIPL Art. 13, 29); this platform has none.",
            answer["error_description"]);
        Assert.Equal("s", answer["state"]);
        Assert.Equal(sandbox.Broker.ToString(), answer["iss"]);
        Assert.Null(answer["code"]);
    }
}
