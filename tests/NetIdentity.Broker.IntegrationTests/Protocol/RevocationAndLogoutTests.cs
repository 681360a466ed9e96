using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>Token revocation (RFC 7009) and RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).</summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class RevocationAndLogoutTests(BrokerFixture fixture)
{
    [Fact]
    public async Task Revoke_AccessToken_MakesItInactive()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.A);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = tokens.AccessToken! }),
        };
        message.Headers.Authorization = LoginDriver.Basic(TestPlatforms.A);

        using var response = await driver.Browser.SendAsync(message, TestContext.Current.CancellationToken);
        var introspection = await driver.IntrospectAsync(TestPlatforms.A, tokens.AccessToken!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(introspection.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task EndSession_WithRegisteredPostLogoutUri_ReturnsThereWithState()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.A);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        var url = "/connect/endsession?id_token_hint=" + Uri.EscapeDataString(tokens.IdToken!)
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(TestPlatforms.A.RedirectUri + "/logged-out") + "&state=bye";

        using var response = await driver.Browser.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(TestPlatforms.A.RedirectUri + "/logged-out?state=bye", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task EndSession_WithUnregisteredPostLogoutUri_DoesNotRedirectThere()
    {
        var driver = fixture.NewDriver();
        var url = "/connect/endsession?client_id=platform-a&post_logout_redirect_uri=" + Uri.EscapeDataString("https://evil.example/") + "&state=bye";

        using var response = await driver.Browser.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
