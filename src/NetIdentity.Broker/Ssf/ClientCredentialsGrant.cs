using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// The client credentials grant (RFC 6749 §4.4), for one purpose only: a platform's token to manage
/// and poll its own SSF stream (<see cref="SharedSignals.ManageScope"/>). The token names the
/// platform, never a person: <c>sub</c> is the client id. OpenIddict authenticated the platform
/// already, with its registered method (a secret, or <c>private_key_jwt</c> and DPoP for a FAPI 2.0
/// platform: the FAPI and DPoP handlers run for this grant as for any other).
/// </summary>
public sealed class ClientCredentialsGrant : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<ClientCredentialsGrant>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsClientCredentialsGrantType() || context.IsRequestHandled || context.IsRejected)
        {
            return ValueTask.CompletedTask;
        }

        var clientId = context.Request.ClientId ?? context.Transaction.Request?.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            context.Reject(Errors.InvalidClient, "The client is not identified.");
            return ValueTask.CompletedTask;
        }

        // Only the stream scope: a client credentials token opens nothing about a person.
        var scopes = context.Request.GetScopes().Where(s => s == SharedSignals.ManageScope).ToList();
        if (scopes.Count == 0)
        {
            context.Reject(Errors.InvalidScope, $"The client credentials grant is for the '{SharedSignals.ManageScope}' scope only; ask for it.");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
