using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Fapi;

/// <summary>
/// Access tokens name their audience (FAPI 2.0 §5.3.2.2; RFC 9068 §3): the broker's issuer, because
/// the broker's userinfo endpoint is the only resource they open. A platform cannot present one
/// to another resource server that checks its audience, and the platform is named as the
/// presenter (<c>azp</c>/<c>client_id</c>), so the token is still tied to it.
/// </summary>
public sealed class AccessTokenAudience : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<AccessTokenAudience>()
            .SetOrder(OpenIddictServerHandlers.GenerateAccessToken.Descriptor.Order - 400)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal is { } principal && (context.Options.Issuer ?? context.BaseUri) is { } issuer)
        {
            principal.SetAudiences(issuer.AbsoluteUri);
        }

        return ValueTask.CompletedTask;
    }
}
