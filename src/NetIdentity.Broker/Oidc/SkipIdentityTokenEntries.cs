using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Stores no database entry for an ID token (issue 10: one insert fewer per login, of about
/// fifteen statements). An entry is what lets a token be revoked or redeemed once; an ID token is
/// neither: it is never presented to the broker as a credential, only as the
/// <c>id_token_hint</c> of a logout, which names whose session ends and is accepted expired
/// (OpenID Connect RP-Initiated Logout 1.0 §2) — its signature is still checked. Codes, access and
/// refresh tokens keep their entries: replay detection, revocation on withdrawal and
/// introspection depend on them. Runs before OpenIddict's own <c>CreateTokenEntry</c>.
/// </summary>
public sealed class SkipIdentityTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SkipIdentityTokenEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
