using NetIdentity.Core.Errors;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Refuses an authorization request, pushed or not, without the <c>openid</c> scope (NI2002,
/// issue 9 §6b). Without it OpenIddict would run a plain OAuth 2.0 flow: no ID token, no nonce
/// check, yet a verification result at userinfo; the broker is an OpenID provider only
/// (OpenID Connect Core 1.0 §3.1.2.1: "openid" MUST be present).
/// </summary>
public sealed class RequireOpenIdScope :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>,
    IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RequireOpenIdScope>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateScopePermissions.Descriptor.Order - 2)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<RequireOpenIdScope>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidatePushedScopePermissions.Descriptor.Order - 2)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasScope(OpenIddictConstants.Scopes.OpenId))
        {
            Reject(context.Reject);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasScope(OpenIddictConstants.Scopes.OpenId))
        {
            Reject(context.Reject);
        }

        return ValueTask.CompletedTask;
    }

    private static void Reject(Action<string?, string?, string?> reject)
    {
        var error = RequestErrors.OpenIdScopeMissing;
        reject(error.OAuthError, error.OAuthDescription, null);
    }
}
