using System.Globalization;
using System.Security.Claims;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Verification;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Builds the principal OpenIddict turns into tokens for a verified login. Each claim gets its
/// destinations from <see cref="ClaimRelease"/> only; a claim it does not name goes nowhere.
/// </summary>
public static class LoginPrincipalFactory
{
    public static ClaimsPrincipal Create(LoginTransaction transaction, OpenIddictRequest request, PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(platform);
        if (transaction.State != LoginState.Verified || transaction.Subject is null || transaction.Level is null || transaction.AuthTime is null)
        {
            throw new InvalidOperationException("Only a verified login becomes a principal.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        var authTime = transaction.AuthTime.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        identity.AddClaim(new Claim(ClaimRelease.Subject, transaction.Subject));
        identity.AddClaim(new Claim(ClaimRelease.AuthenticationTime, authTime, ClaimValueTypes.Integer64));
        identity.AddClaim(new Claim(ClaimRelease.AuthenticationContext, Assurance.ToAcr(transaction.Level.Value)));
        identity.AddClaim(new Claim(ClaimRelease.Result, "pass"));
        identity.AddClaim(new Claim(ClaimRelease.VerifiedAt, authTime, ClaimValueTypes.Integer64));
        foreach (var method in transaction.Methods ?? [])
        {
            identity.AddClaim(new Claim(ClaimRelease.AuthenticationMethods, method));
        }

        // Scopes the platform asked for and is registered for (OpenIddict already refused others).
        var scopes = request.GetScopes().Where(platform.Scopes.Contains).ToHashSet(StringComparer.Ordinal);
        identity.SetScopes(scopes);

        var granted = (IReadOnlySet<string>)scopes;
        identity.SetDestinations(claim => Destinations(ClaimRelease.For(claim.Type, granted, platform.ReleaseAuthenticationMethods)));
        // OpenIddict puts a claim in a token only for the destinations it has; a claim without
        // one (none here) stays out. Its own private claims (oi_*) carry the granted scopes.
        var principal = new ClaimsPrincipal(identity);
        return principal;
    }

    private static IEnumerable<string> Destinations(ClaimDestinations destinations)
    {
        if (destinations.HasFlag(ClaimDestinations.IdToken))
        {
            yield return OpenIddictConstants.Destinations.IdentityToken;
        }

        if (destinations.HasFlag(ClaimDestinations.UserInfo))
        {
            yield return OpenIddictConstants.Destinations.AccessToken;
        }
    }
}
