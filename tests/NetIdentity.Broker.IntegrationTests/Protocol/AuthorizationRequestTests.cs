using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// What the authorization endpoint refuses before any login starts (code flow only, exact
/// redirect URIs, PKCE S256, the offered scopes, PAR where required), and the errors OpenIddict
/// and the broker answer with. An error reaches the platform at its redirect URI when the request
/// names a known client and one of its registered redirect URIs exactly (RFC 6749 §4.1.2.1,
/// RedirectAuthorizationErrors); otherwise the broker answers on its own page and never redirects
/// to an unverified URI.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class AuthorizationRequestTests(BrokerFixture fixture)
{
    public static TheoryData<string> UnregisteredRedirectUris =>
    [
        "https://evil.example/callback",
        "https://a.example/callback/",
        "https://a.example/Callback",
        "https://a.example/callback?next=1",
        "https://A.example/callback",
        "http://a.example/callback",
    ];

    [Theory]
    [MemberData(nameof(UnregisteredRedirectUris))]
    public async Task Authorize_WithRedirectUriNotExactlyRegistered_AnswersAtBrokerWithoutRedirect(string redirectUri)
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { RedirectUri = redirectUri };

        using var response = await AuthorizeAsync(request.Url());

        await ProtocolAssert.LocalError(response, "invalid_request", "The specified 'redirect_uri' is not valid for this client application.");
    }

    [Fact]
    public async Task Authorize_ForUnknownClient_AnswersAtBrokerWithoutRedirect()
    {
        var request = new AuthorizationRequest(TestPlatforms.A with { ClientId = "platform-unknown" });

        using var response = await AuthorizeAsync(request.Url());

        await ProtocolAssert.LocalError(response, "invalid_request", "The specified 'client_id' is invalid.");
    }

    [Fact]
    public async Task Authorize_WithoutPkce_RedirectsInvalidRequest()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { CodeChallengeMethod = null };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_request", "The mandatory 'code_challenge' parameter is missing.");
    }

    [Fact]
    public async Task Authorize_WithPlainCodeChallengeMethod_RedirectsInvalidRequest()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { CodeChallengeMethod = "plain" };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_request", "The specified 'code_challenge_method' is not supported.");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("code id_token")]
    [InlineData("id_token")]
    [InlineData("code token")]
    public async Task Authorize_WithResponseTypeOtherThanCode_RedirectsUnsupportedResponseTypeInQuery(string responseType)
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { ResponseType = responseType };

        using var response = await AuthorizeAsync(request.Url());

        // In the query, though a token response type would default to the fragment: the broker
        // answers every response in the query unless a mode it supports was asked for.
        ProtocolAssert.ErrorRedirect(Redirected(response), request, "unsupported_response_type", "The specified 'response_type' is not supported.");
    }

    [Fact]
    public async Task Authorize_IdentityScopeFromPlatformWithoutLegalBasis_RedirectsInvalidScopeNI2001()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { Scope = "openid netid netid.identity" };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_scope", Core.Errors.RequestErrors.IdentityWithoutLegalBasis.OAuthDescription);
    }

    [Theory]
    [InlineData("netid")]
    [InlineData("netid netid.age")]
    [InlineData("netid.masked netid")]
    public async Task Authorize_WithoutOpenIdScope_RedirectsInvalidScopeNI2002(string scope)
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { Scope = scope };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_scope", Core.Errors.RequestErrors.OpenIdScopeMissing.OAuthDescription);
    }

    [Fact]
    public async Task Authorize_WithOfflineAccessForPlatformNotRegisteredForIt_RedirectsInvalidRequest()
    {
        var request = new AuthorizationRequest(TestPlatforms.B) { Scope = "openid netid offline_access" };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_request", "The client application is not allowed to use the 'offline_access' scope.");
    }

    [Fact]
    public async Task Authorize_WithPromptNone_RedirectsLoginRequired()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { Prompt = "none" };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(response.Headers.Location!, request, "login_required", "NetIdentity verifies the person for every authorization request.");
    }

    [Fact]
    public async Task Authorize_ForParPlatformWithoutPushedRequest_RedirectsInvalidRequest()
    {
        var request = new AuthorizationRequest(TestPlatforms.Par);

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_request", "The 'request_uri' parameter required for this client application is missing.");
    }

    [Fact]
    public async Task Authorize_ForParPlatformWithPushedRequest_CompletesLoginAndIssuesTokens()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.Par);
        var login = await driver.StartAsync(await driver.PushAsync(request));
        await fixture.Mock.ApproveAsync(await driver.ChooseNetIdAsync(login), "adult");

        var landing = await driver.FinishAsync(login);

        var query = LoginDriver.Query(landing);
        Assert.Equal(request.RedirectUri, landing.GetLeftPart(UriPartial.Path));
        Assert.Equal(request.State, query["state"]);
        var tokens = await driver.RedeemAsync(request, query["code"]);
        await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, request.Platform.ClientId, request.Nonce);
    }

    [Fact]
    public async Task Authorize_WithRequestUriAlreadyUsedForACode_IsRefused()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.Par);
        var url = await driver.PushAsync(request);
        var login = await driver.StartAsync(url);
        await fixture.Mock.ApproveAsync(await driver.ChooseNetIdAsync(login), "adult");
        Assert.Contains("code", LoginDriver.Query(await driver.FinishAsync(login)).Keys);

        using var response = await AuthorizeAsync(url);

        await ProtocolAssert.LocalError(response, "invalid_token", "The specified token has already been redeemed.");
    }

    [Fact]
    public async Task Push_WithoutOpenIdScope_IsInvalidScopeNI2002()
    {
        var request = new AuthorizationRequest(TestPlatforms.Par) { Scope = "netid" };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/par")
        {
            Content = new FormUrlEncodedContent(request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)),
        };
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{request.Platform.ClientId}:{request.Platform.Secret}")));

        using var response = await fixture.Broker.CreateBrowser().SendAsync(message, TestContext.Current.CancellationToken);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(Core.Errors.RequestErrors.OpenIdScopeMissing.OAuthDescription, body.RootElement.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Authorize_WithRedirectUriOfAnotherPlatform_AnswersAtBrokerWithoutRedirect()
    {
        // A known client and a registered URI, but not each other's: answering there would let
        // anyone bounce a browser to platform B in platform A's name.
        var request = new AuthorizationRequest(TestPlatforms.A) { RedirectUri = TestPlatforms.B.RedirectUri };

        using var response = await AuthorizeAsync(request.Url());

        await ProtocolAssert.LocalError(response, "invalid_request", "The specified 'redirect_uri' is not valid for this client application.");
    }

    [Theory]
    [MemberData(nameof(UnregisteredRedirectUris))]
    [InlineData("https://b.example/callback")]
    public async Task Authorize_ErrorForUnregisteredRedirectUri_NeverRedirectsEvenWhenAnotherCheckFailsFirst(string redirectUri)
    {
        // The response type is refused before OpenIddict looks at the redirect URI: the broker must
        // still not answer at an unregistered URI (RFC 6749 §4.1.2.1, no open redirect).
        var request = new AuthorizationRequest(TestPlatforms.A) { ResponseType = "token", RedirectUri = redirectUri };

        using var response = await AuthorizeAsync(request.Url());

        await ProtocolAssert.LocalError(response, "unsupported_response_type", "The specified 'response_type' is not supported.");
    }

    [Fact]
    public async Task Authorize_ErrorWithFormPostResponseMode_IsPostedToTheRedirectUri()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { CodeChallengeMethod = null, ResponseMode = "form_post" };

        using var response = await AuthorizeAsync(request.Url());

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"action=\"{request.RedirectUri}\"", body, StringComparison.Ordinal);
        Assert.Contains("name=\"error\" value=\"invalid_request\"", body, StringComparison.Ordinal);
        Assert.Contains($"name=\"state\" value=\"{request.State}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ErrorWithUnsupportedResponseMode_IsRedirectedInTheQuery()
    {
        var request = new AuthorizationRequest(TestPlatforms.A) { ResponseMode = "web_message" };

        using var response = await AuthorizeAsync(request.Url());

        ProtocolAssert.ErrorRedirect(Redirected(response), request, "invalid_request", "The specified 'response_mode' is not supported.");
    }

    private static Uri Redirected(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location ?? throw new InvalidOperationException("The error was not redirected.");
    }

    private async Task<HttpResponseMessage> AuthorizeAsync(string url) =>
        await fixture.Broker.CreateBrowser().GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
}
