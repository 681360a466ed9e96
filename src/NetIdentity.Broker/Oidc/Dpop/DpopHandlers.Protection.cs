using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// Reading a DPoP-bound token back. The token carries the standard <c>cnf.jkt</c> (RFC 9449 §6.1)
/// for any resource server; OpenIddict 7's own proof-of-possession check knows only certificate
/// binding and throws on any other <c>cnf</c>. So, before that check, a <c>cnf</c> that holds a
/// <c>jkt</c> (and nothing else) becomes the private claim <see cref="DpopBinding.ValidatedThumbprint"/>
/// that the DPoP handlers read. A certificate-bound <c>cnf</c> is left for OpenIddict to refuse.
/// </summary>
public sealed class ReadDpopConfirmation : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<ReadDpopConfirmation>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateProofOfPossession.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return ValueTask.CompletedTask;
        }

        // A thumbprint never comes from the token itself, only from its cnf.
        identity.RemoveClaims(DpopBinding.ValidatedThumbprint);
        var confirmation = context.Principal.GetClaim(DpopBinding.Confirmation);
        if (DpopBinding.JktOf(confirmation) is { Length: > 0 } jkt && IsOnlyJkt(confirmation!))
        {
            identity.RemoveClaims(DpopBinding.Confirmation);
            identity.AddClaim(new Claim(DpopBinding.ValidatedThumbprint, jkt));
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsOnlyJkt(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().All(p => p.Name == "jkt");
    }
}

/// <summary>
/// Introspection answers the binding too (RFC 9449 §6.2: <c>cnf.jkt</c> in the introspection
/// response), so a platform or resource server that introspects sees which key the token needs.
/// </summary>
public sealed class AttachIntrospectedConfirmation : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<AttachIntrospectedConfirmation>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (DpopBinding.ThumbprintOf(context.GenericTokenPrincipal) is { } jkt)
        {
            context.Claims[DpopBinding.Confirmation] = new OpenIddictParameter(System.Text.Json.JsonSerializer.SerializeToElement(new { jkt }));
        }

        return ValueTask.CompletedTask;
    }
}
