using NetIdentity.Broker.Keys;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Signs and encrypts every token with the key the database says is active now (KeyRing), not
/// with whichever credential OpenIddict's options list first: those options also hold the next
/// key (published ahead) and retired keys (still accepted), and OpenIddict takes the first after
/// sorting them (OpenIddictServerHandlers.Protection.AttachSecurityCredentials). Runs right after
/// that handler; what it set to null (ID tokens are not encrypted) stays null.
/// </summary>
public sealed class UseActiveTokenKeys(KeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<UseActiveTokenKeys>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SigningCredentials is not null)
        {
            context.SigningCredentials = ring.ActiveSigning;
        }

        if (context.EncryptionCredentials is not null)
        {
            context.EncryptionCredentials = ring.ActiveEncryption;
        }

        return ValueTask.CompletedTask;
    }
}
