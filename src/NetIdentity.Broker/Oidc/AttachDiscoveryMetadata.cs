using NetIdentity.Core.Verification;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Adds what OpenIddict does not know to the discovery document (OIDC Discovery §3):
/// the assurance levels a platform may ask for in <c>acr_values</c>.
/// </summary>
public sealed class AttachDiscoveryMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachDiscoveryMetadata>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata[OpenIddictConstants.Metadata.AcrValuesSupported] = new OpenIddictParameter([.. Assurance.SupportedAcrValues]);
        return ValueTask.CompletedTask;
    }
}
