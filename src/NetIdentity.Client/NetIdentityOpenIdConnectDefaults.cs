using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace NetIdentity.Client;

/// <summary>
/// The broker's strict defaults, written onto ASP.NET Core's <see cref="OpenIdConnectOptions"/>.
/// Runs before any <c>Configure&lt;OpenIdConnectOptions&gt;</c> of the application, which may
/// still adjust what it must (and owns the consequences).
/// </summary>
internal static class NetIdentityOpenIdConnectDefaults
{
    public static void Apply(OpenIdConnectOptions oidc, NetIdentityOptions netid)
    {
        if (netid.Authority is not null)
        {
            oidc.Authority = netid.Authority.AbsoluteUri;

            // Discovery over plain HTTP only for a loopback sandbox (the options validator refuses the rest).
            oidc.RequireHttpsMetadata = !netid.Authority.IsLoopback;
        }

        oidc.ClientId = netid.ClientId;
        // With a client assertion key the secret is never sent (the events put an assertion in its place).
        oidc.ClientSecret = netid.HasClientAssertionKey ? null : netid.ClientSecret;

        // Authorization code flow with PKCE (RFC 9700 §2.1.1), the only flow the broker serves;
        // the response comes back in the query (the code flow's default response mode), so the
        // correlation and nonce cookies can be SameSite=Lax rather than None (RFC 6265bis §5.6.7.1).
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;

        // Pushed authorization requests (RFC 9126) keep the request off the browser when the broker
        // offers them; FAPI 2.0 requires them (FAPI 2.0 Security Profile §5.3.2.2).
        oidc.PushedAuthorizationBehavior = netid.Profile == NetIdentityProfile.Fapi2
            ? PushedAuthorizationBehavior.Require
            : PushedAuthorizationBehavior.UseIfAvailable;

        oidc.Scope.Clear();
        oidc.Scope.Add(NetIdentityDefaults.OpenIdScope);
        oidc.Scope.Add(NetIdentityDefaults.NetIdScope);
        foreach (var scope in netid.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.SaveTokens = true;
        oidc.DisableTelemetry = true;

        // Claims keep their JWT names (sub, acr, netid_result) instead of long .NET claim types,
        // and the pairwise sub is the name: there is no other name to give.
        oidc.MapInboundClaims = false;
        oidc.TokenValidationParameters.NameClaimType = NetIdentityClaimTypes.Subject;
        MapNetIdentityClaims(oidc);
    }

    /// <summary>
    /// Keeps the claims NetIdentity sends, as they are. ASP.NET Core deletes <c>acr</c> by default;
    /// here it is what the platform relies on, so it stays, with <c>auth_time</c>. The result and
    /// its time are also taken from userinfo, without duplicating what the ID token gave.
    /// </summary>
    private static void MapNetIdentityClaims(OpenIdConnectOptions oidc)
    {
        oidc.ClaimActions.Remove(NetIdentityClaimTypes.AuthenticationContext);
        oidc.ClaimActions.Remove(NetIdentityClaimTypes.AuthenticationTime);
        oidc.ClaimActions.Remove(NetIdentityClaimTypes.Result);
        oidc.ClaimActions.Remove(NetIdentityClaimTypes.VerifiedAt);
        oidc.ClaimActions.MapUniqueJsonKey(NetIdentityClaimTypes.Result, NetIdentityClaimTypes.Result);
        oidc.ClaimActions.MapUniqueJsonKey(NetIdentityClaimTypes.VerifiedAt, NetIdentityClaimTypes.VerifiedAt, ClaimValueTypes.Integer64);
    }
}
