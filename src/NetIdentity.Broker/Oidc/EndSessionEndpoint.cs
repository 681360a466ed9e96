using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). NetIdentity keeps no session to
/// end, so it confirms and returns to the platform's registered post-logout URI, which
/// OpenIddict has already matched exactly.
/// </summary>
public static class EndSessionEndpoint
{
    public static IResult Handle() =>
        Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
