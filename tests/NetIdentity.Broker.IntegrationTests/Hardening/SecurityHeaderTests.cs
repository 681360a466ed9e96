using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Hardening;

/// <summary>
/// Every broker response carries the browser security headers (issue 9 §5; Hosting/SecurityHeaders.cs):
/// a login page, an error page and the JSON status endpoint alike.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class SecurityHeaderTests(BrokerFixture fixture)
{
    [Fact]
    public async Task LoginPage_Always_SendsSecurityHeaders()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        using var response = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ErrorPage_Always_SendsSecurityHeaders()
    {
        var driver = fixture.NewDriver();

        using var response = await driver.Browser.GetAsync(new Uri("/errors/NI1001", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task StatusEndpoint_Always_SendsSecurityHeaders()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        await driver.ChooseNetIdAsync(login);

        using var response = await driver.Browser.GetAsync(new Uri(login + "/netid/status", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task FormPostAnswer_ItsOnlyInlineScript_IsTheOneThePolicyAllowsByHash()
    {
        // An erroneous request for a known client and its registered URI is answered there, here
        // posted: the page OpenIddict writes for form_post. If OpenIddict ever changes its script,
        // the hash in the policy no longer matches and form_post answers would hang in browsers.
        var request = new AuthorizationRequest(TestPlatforms.A) { CodeChallengeMethod = null, ResponseMode = "form_post" };

        using var response = await fixture.Broker.CreateBrowser().GetAsync(new Uri(request.Url(), UriKind.Relative), TestContext.Current.CancellationToken);

        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var script = Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<script>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline));
        var hash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script.Groups[1].Value)));
        Assert.Equal(NetIdentity.Broker.Hosting.SecurityHeaders.FormPostScriptHash, hash);
        AssertSecurityHeaders(response);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Single(response, "Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("base-uri 'none'", directives);
        Assert.Contains("img-src 'self' data:", directives);
        Assert.Contains($"script-src 'self' '{NetIdentity.Broker.Hosting.SecurityHeaders.FormPostScriptHash}'", directives);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        var permissions = Single(response, "Permissions-Policy");
        Assert.Contains("camera=(self)", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
        Assert.Contains("payment=()", permissions, StringComparison.Ordinal);
    }

    private static string Single(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"The response has no {name} header.");
        return Assert.Single(values);
    }
}
