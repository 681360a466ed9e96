using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Oidc;
using OpenIddict.Abstractions;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// The token endpoint: a code is single use and bound to its client and PKCE verifier
/// (RFC 6749 §4.1.2, §10.5; RFC 7636 §4.6), and refresh tokens rotate (RFC 9700 §4.14.2; the
/// reuse grace is in <see cref="TokenLifetimeTests"/>, on a movable clock). Errors are
/// OpenIddict's, asserted with their exact descriptions.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class TokenEndpointTests(BrokerFixture fixture)
{
    private const string WithRefresh = "openid netid offline_access";

    [Fact]
    public async Task Token_WhenCodeReplayed_IsInvalidGrant()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);
        Assert.Equal(HttpStatusCode.OK, (await driver.RedeemAsync(request, code)).Status);

        var replay = await driver.RedeemAsync(request, code);

        AssertError(replay, HttpStatusCode.BadRequest, "invalid_grant", "The specified authorization code has already been redeemed.");
    }

    [Fact]
    public async Task Token_WhenCodeReplayed_RevokesGrant()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A, WithRefresh);
        var first = await driver.RedeemAsync(request, code);
        Assert.True((await driver.IntrospectAsync(TestPlatforms.A, first.AccessToken!)).GetProperty("active").GetBoolean());

        await driver.RedeemAsync(request, code);

        Assert.False((await driver.IntrospectAsync(TestPlatforms.A, first.AccessToken!)).GetProperty("active").GetBoolean());
        Assert.False((await driver.IntrospectAsync(TestPlatforms.A, first.RefreshToken!)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Token_WithWrongCodeVerifier_IsInvalidGrant()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);

        var tokens = await driver.RedeemAsync(request, code, verifier: new AuthorizationRequest(TestPlatforms.A).Verifier);

        AssertError(tokens, HttpStatusCode.BadRequest, "invalid_grant", "The specified 'code_verifier' is invalid.");
    }

    [Fact]
    public async Task Token_WithWrongClientSecret_IsInvalidClient()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);

        var tokens = await driver.RedeemAsync(request, code, secret: "not-the-secret-of-platform-a-0123456789");

        AssertError(tokens, HttpStatusCode.Unauthorized, "invalid_client", "The specified client credentials are invalid.");
    }

    [Fact]
    public async Task Token_WithWrongClientSecretRightAfterTheRightOne_IsInvalidClient()
    {
        // The right secret's match is remembered (VerifiedClientSecrets); a wrong one must still fail.
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);
        Assert.Equal(HttpStatusCode.OK, (await driver.RedeemAsync(request, code)).Status);
        await using (var scope = fixture.Broker.Services.CreateAsyncScope())
        {
            Assert.IsType<BrokerApplicationManager>(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>());
        }

        var (again, secondRequest, secondCode) = await LoginAsync(TestPlatforms.A);
        var tokens = await again.RedeemAsync(secondRequest, secondCode, secret: TestPlatforms.A.Secret + "x");

        AssertError(tokens, HttpStatusCode.Unauthorized, "invalid_client", "The specified client credentials are invalid.");
    }

    [Fact]
    public async Task Token_StoresEntriesForCodeAndAccessTokenButNoneForTheIdToken()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);
        var tokens = await driver.RedeemAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        await using var scope = fixture.Broker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NetIdentity.Data.BrokerDbContext>();
        var types = await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>()
            .Select(t => t.Type).Distinct().ToListAsync(TestContext.Current.CancellationToken);

        Assert.Contains(OpenIddictConstants.TokenTypeIdentifiers.AccessToken, types);
        Assert.Contains(OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, types);
        Assert.DoesNotContain(OpenIddictConstants.TokenTypeIdentifiers.IdentityToken, types);
    }

    [Fact]
    public async Task Token_WithCodeIssuedToAnotherPlatform_IsInvalidGrant()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A);
        var asPlatformB = new AuthorizationRequest(TestPlatforms.B) { Verifier = request.Verifier };

        var tokens = await driver.RedeemAsync(asPlatformB, code);

        AssertError(tokens, HttpStatusCode.BadRequest, "invalid_grant", "The specified authorization code cannot be used by this client application.");
    }

    [Fact]
    public async Task Refresh_ForOfflineAccessPlatform_ReturnsNewRefreshToken()
    {
        var (driver, request, code) = await LoginAsync(TestPlatforms.A, WithRefresh);
        var first = await driver.RedeemAsync(request, code);

        var refreshed = await driver.RefreshAsync(TestPlatforms.A, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotNull(refreshed.RefreshToken);
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);
        Assert.True((await driver.IntrospectAsync(TestPlatforms.A, refreshed.RefreshToken)).GetProperty("active").GetBoolean());
    }

    private async Task<(LoginDriver Driver, AuthorizationRequest Request, string Code)> LoginAsync(TestPlatform platform, string scope = "openid netid")
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(platform) { Scope = scope };
        var query = LoginDriver.Query(await driver.LoginAsync(request));
        Assert.True(query.ContainsKey("code"));
        return (driver, request, query["code"]);
    }

    private static void AssertError(TokenResponse response, HttpStatusCode status, string error, string description)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(error, response.Error);
        Assert.Equal(description, response.ErrorDescription);
        Assert.Null(response.AccessToken);
    }
}
