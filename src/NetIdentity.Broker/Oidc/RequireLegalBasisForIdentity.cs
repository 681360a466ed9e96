using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Errors;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Refuses <c>netid.identity</c> from a platform not registered with a legal basis, with a
/// description that says why (PRODUCT rule 2; PIPL Art. 13, 29), before OpenIddict's generic
/// scope-permission check would refuse it less helpfully.
/// </summary>
public sealed class RequireLegalBasisForIdentity(PlatformCatalog platforms) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RequireLegalBasisForIdentity>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.HasScope(ConsentScopes.Identity) && platforms.Find(context.ClientId) is { HasLegalBasis: false })
        {
            var error = RequestErrors.IdentityWithoutLegalBasis;
            context.Reject(error: error.OAuthError, description: error.OAuthDescription);
        }

        return ValueTask.CompletedTask;
    }
}
