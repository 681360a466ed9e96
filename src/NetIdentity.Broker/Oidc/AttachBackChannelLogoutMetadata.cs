using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Announces back-channel logout in the discovery document (OpenID Connect Back-Channel Logout 1.0
/// §2.1): <c>backchannel_logout_supported</c>, and <c>backchannel_logout_session_supported</c>
/// because ID tokens of platforms registered for it carry a <c>sid</c> and logout tokens name it.
/// </summary>
public sealed class AttachBackChannelLogoutMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public const string Supported = "backchannel_logout_supported";
    public const string SessionSupported = "backchannel_logout_session_supported";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachBackChannelLogoutMetadata>()
            .SetOrder(AttachDiscoveryMetadata.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata[Supported] = true;
        context.Metadata[SessionSupported] = true;
        return ValueTask.CompletedTask;
    }
}
