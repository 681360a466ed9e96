using Microsoft.AspNetCore.Authentication;
using NetIdentity.Broker.Sessions;
using NetIdentity.Core.Disclosure;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). NetIdentity keeps no session to
/// end, so it confirms and returns to the platform's registered post-logout URI, which
/// OpenIddict has already matched exactly. With an <c>id_token_hint</c> carrying a <c>sid</c>
/// (a platform registered for back-channel logout), the broker forgets that login, so no later
/// sign-out names it; no other platform is told, because no other platform shared it.
/// </summary>
public static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, PlatformLogout logout)
    {
        ArgumentNullException.ThrowIfNull(context);
        // OpenIddict has validated the hint (signature, issuer; the client_id, when given, among its
        // audiences) before this runs. The session is forgotten only for the platform the login was for.
        var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (hint.Principal?.FindFirst(ClaimRelease.SessionId)?.Value is { Length: > 0 } sid)
        {
            var audiences = hint.Principal.GetAudiences()
                .Concat(hint.Principal.FindAll(OpenIddictConstants.Claims.Audience).Select(c => c.Value))
                .Distinct(StringComparer.Ordinal);
            foreach (var clientId in audiences)
            {
                await logout.EndedByPlatformAsync(sid, clientId, context.RequestAborted);
            }
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
