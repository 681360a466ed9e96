using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Bench.Baseline;

/// <summary>
/// A plain OpenID provider as small as OpenIddict allows, configured like the broker where it
/// costs time (src/NetIdentity.Broker/Oidc/OidcServerRegistration.cs, Keys/TokenKeys.cs): code
/// flow with PKCE S256 required, the same code and token lifetimes, an ES256 (P-256) signing key,
/// AES-256 key wrapping for the tokens only the server reads, a confidential client whose secret
/// OpenIddict hashes, EF Core on SQLite with the broker's SQLite settings. What it lacks is what
/// NetIdentity adds: the person's login (auto-approved here), the authority hop, consent,
/// pairwise subjects, audit.
/// </summary>
internal static class BaselineServer
{
    public static void AddBaselineServer(this IServiceCollection services, BaselineOptions options)
    {
        services.AddDbContext<BaselineDbContext>(db =>
        {
            db.UseSqlite("Data Source=" + options.DatabasePath).AddInterceptors(new BaselineSqlitePragmas());
            db.UseOpenIddict();
        });

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<BaselineDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.RegisterScopes(Scopes.OpenId);
                server.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2))
                    .SetAccessTokenLifetime(TimeSpan.FromMinutes(10))
                    .SetIdentityTokenLifetime(TimeSpan.FromMinutes(5))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(1));

                server.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "baseline-sig" });
                server.AddEncryptionCredentials(new EncryptingCredentials(
                    new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "baseline-enc" },
                    SecurityAlgorithms.Aes256KW,
                    SecurityAlgorithms.Aes256CbcHmacSha512));

                server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
    }

    /// <summary>Creates the database and registers the one client, as the broker's start-up does for its platforms.</summary>
    public static async Task InitializeAsync(IServiceProvider services, BaselineOptions options)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaselineDbContext>();
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { options.RedirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>
    /// The authorization endpoint, auto-approving: every request is a fresh person with a random
    /// subject, whose claims go to the ID token and the access token.
    /// </summary>
    public static IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
