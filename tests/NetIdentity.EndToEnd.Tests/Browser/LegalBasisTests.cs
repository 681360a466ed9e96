using System.Security.Cryptography;
using System.Text;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// A platform registered without a legal basis cannot get plaintext identity: asking for
/// <c>netid.identity</c> is refused with <c>invalid_scope</c> (NI2001) before the person sees
/// anything (PRODUCT rule 2; PIPL Art. 13, 29). The sandbox registers such a platform for this test.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class LegalBasisTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    [Fact]
    public async Task Authorize_IdentityScopeFromPlatformWithoutLegalBasis_ShowsInvalidScopeNI2001()
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

        var response = await journey.Page.GotoAsync(new Uri(sandbox.Broker, "connect/authorize?" + query).ToString());
        await journey.Shots.TakeAsync(journey.Page, "broker-invalid-scope-ni2001");

        Assert.Equal(400, response!.Status);
        await Expect(journey.Page.Locator("body")).ToContainTextAsync("invalid_scope");
        await Expect(journey.Page.Locator("body")).ToContainTextAsync(
            "NI2001: The scope 'netid.identity' is only for platforms registered with a legal basis for plaintext identity (PIPL Art. 13, 29); this platform has none.");
        Assert.DoesNotContain("/login/", journey.Page.Url, StringComparison.Ordinal);
    }
}
