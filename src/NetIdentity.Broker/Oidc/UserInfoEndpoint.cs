using Microsoft.AspNetCore.Authentication;
using NetIdentity.Core.Disclosure;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The userinfo endpoint (OIDC Core §5.3): what the access token carries for userinfo, and
/// nothing else. The access token only holds claims <see cref="ClaimRelease"/> sent there.
/// </summary>
public static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal || principal.GetClaim(Claims.Subject) is not { } subject)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is not valid.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = subject };
        foreach (var claim in principal.Claims.Where(c => c.Type is ClaimRelease.Result or ClaimRelease.VerifiedAt))
        {
            // NumericDate claims are numbers in JSON (RFC 7519 §2), whatever type the token round trip left them.
            claims[claim.Type] = claim.Type == ClaimRelease.VerifiedAt && long.TryParse(claim.Value, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : claim.Value;
        }

        return Results.Ok(claims);
    }
}
