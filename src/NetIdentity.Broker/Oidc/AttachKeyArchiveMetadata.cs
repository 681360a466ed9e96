using NetIdentity.Broker.Keys;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Advertises the key archive in the discovery document (<c>netid_key_archive_uri</c>): where a
/// platform finds the public key of a receipt or event whose key has left the JWKS
/// (docs/claims.md, "Verifying a receipt later").
/// </summary>
public sealed class AttachKeyArchiveMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public const string Member = "netid_key_archive_uri";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachKeyArchiveMetadata>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.BaseUri is { } baseUri)
        {
            context.Metadata[Member] = new Uri(baseUri, KeyArchiveEndpoints.Path.TrimStart('/')).AbsoluteUri;
        }

        return ValueTask.CompletedTask;
    }
}
