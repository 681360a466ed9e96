using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// A FAPI 2.0 platform's authorization requests are pushed (RFC 9126), and a <c>request_uri</c>
/// starts one login, once, within 60 s, for the client that pushed it. What OpenIddict 7.9 does
/// by itself (client binding, PAR required) and what the broker adds (once, 60 s) is each proven
/// here. Errors about a request_uri are answered on the broker's own page, never at a redirect URI
/// the pushed request named (RedirectAuthorizationErrors).
/// </summary>
public sealed class PushedRequestTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Authorize_WithoutPushedRequest_IsRefusedAtTheRedirectUri()
    {
        await using var fapi = FapiBroker.Start(mock);
        var request = new AuthorizationRequest(fapi.A.Platform);

        using var response = await fapi.Driver.Browser.GetAsync(new Uri(request.Url(), UriKind.Relative), TestContext.Current.CancellationToken);

        // A known client and its registered URI: the platform is told (RFC 6749 §4.1.2.1).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        ProtocolAssert.ErrorRedirect(response.Headers.Location!, request, "invalid_request", "The 'request_uri' parameter required for this client application is missing.");
    }

    [Fact]
    public async Task Authorize_WithRequestUriUsedByAnotherBrowser_IsInvalidRequestUri()
    {
        await using var fapi = FapiBroker.Start(mock);
        var request = new AuthorizationRequest(fapi.A.Platform);
        var url = await fapi.Client.PushAsync(request);
        await fapi.Driver.StartAsync(url);
        using var attacker = fapi.Broker.CreateBrowser();

        using var response = await attacker.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        await ProtocolAssert.LocalError(response, "invalid_request_uri", "The request_uri has already been used; push the authorization request again.");
    }

    [Fact]
    public async Task Authorize_WithRequestUriOfAnotherClient_IsRefused()
    {
        await using var fapi = FapiBroker.Start(mock);
        var url = await fapi.Client.PushAsync(new AuthorizationRequest(fapi.A.Platform));
        var asOther = url.Replace("client_id=" + fapi.A.ClientId, "client_id=" + fapi.B.ClientId, StringComparison.Ordinal);

        using var response = await fapi.Driver.Browser.GetAsync(new Uri(asOther, UriKind.Relative), TestContext.Current.CancellationToken);

        await ProtocolAssert.LocalError(response, "invalid_request", "The 'client_id' parameter doesn't match the value specified in the request object or pushed authorization request.");
    }

    [Fact]
    public async Task Authorize_WithRequestUriOlderThan60Seconds_IsInvalidRequestUri()
    {
        await using var fapi = FapiBroker.Start(mock);
        var request = new AuthorizationRequest(fapi.A.Platform);
        var url = await fapi.Client.PushAsync(request);
        fapi.Clock.Advance(TimeSpan.FromSeconds(61));

        using var response = await fapi.Driver.Browser.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        await ProtocolAssert.LocalError(response, "invalid_request_uri", "The request_uri has expired; push the authorization request again.");
    }

    [Fact]
    public async Task Push_ForFapi2Platform_SaysTheRequestUriExpiresIn60Seconds()
    {
        await using var fapi = FapiBroker.Start(mock);

        await fapi.Client.PushAsync(new AuthorizationRequest(fapi.A.Platform));

        Assert.Equal(60, fapi.Client.LastPushExpiresIn);
    }

    [Fact]
    public async Task Authorize_ReturningToRequestUriInSameLogin_CompletesTheLogin()
    {
        await using var fapi = FapiBroker.Start(mock);

        // The login returns to the authorization URL (with the request_uri) after the person verified.
        var (_, code) = await fapi.LoginAsync();

        Assert.NotEmpty(code);
    }

    [Fact]
    public async Task Authorize_WithMalformedDpopJkt_IsInvalidRequest()
    {
        await using var fapi = FapiBroker.Start(mock);
        var request = new AuthorizationRequest(fapi.A.Platform);
        var url = await fapi.Client.PushAsync(request, dpopJkt: "not-a-thumbprint");

        using var response = await fapi.Driver.Browser.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        await ProtocolAssert.LocalError(response, "invalid_request", "The 'dpop_jkt' parameter must be a base64url SHA-256 JWK thumbprint (RFC 7638).");
    }
}
