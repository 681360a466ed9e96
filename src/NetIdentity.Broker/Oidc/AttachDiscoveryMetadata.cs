using NetIdentity.Core.Verification;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Adds what OpenIddict does not know to the discovery document (OIDC Discovery §3):
/// the assurance levels a platform may ask for in <c>acr_values</c>, and the algorithms a DPoP
/// proof may be signed with (RFC 9449 §5.1).
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
        context.Metadata["dpop_signing_alg_values_supported"] = new OpenIddictParameter([.. Dpop.DpopProofValidator.Algorithms]);
        return ValueTask.CompletedTask;
    }
}
