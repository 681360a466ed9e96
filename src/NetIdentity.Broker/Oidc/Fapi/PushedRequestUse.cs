using Microsoft.AspNetCore;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc.Dpop;
using NetIdentity.Core.Protocol;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Fapi;

/// <summary>
/// A pushed <c>request_uri</c> starts one login, once, within <see cref="StartWindow"/> of being
/// pushed (RFC 9126 §2.2 and §4: short-lived and one-time use; FAPI 2.0 §5.3.1.2). OpenIddict
/// keeps the request token for the whole login, because the broker's pages return to the
/// authorization URL (which carries the <c>request_uri</c>) when the person has verified; that
/// return belongs to the login this browser started (its login cookie), so it is not a second
/// use. A request from a browser without that login is a second use and is refused. OpenIddict
/// already binds the request token to the client that pushed it.
/// Also refuses a malformed <c>dpop_jkt</c> (RFC 9449 §10).
/// </summary>
public sealed class PushedRequestUse(LoginTransactionStore logins, IReplayCache replay, TimeProvider time) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    /// <summary>How long after the push a <c>request_uri</c> may start a login (the <c>expires_in</c> of the PAR response).</summary>
    public static readonly TimeSpan StartWindow = TimeSpan.FromSeconds(60);

    /// <summary>RFC 9126 §2.3 (and OIDC Core §6.2): the request_uri is not valid.</summary>
    public const string InvalidRequestUri = "invalid_request_uri";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<PushedRequestUse>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsRejected)
        {
            return;
        }

        if ((string?)context.Request[DpopBinding.RequestedKey] is { } jkt && !DpopBinding.IsThumbprint(jkt))
        {
            context.Reject(Errors.InvalidRequest, "The 'dpop_jkt' parameter must be a base64url SHA-256 JWK thumbprint (RFC 7638).");
            return;
        }

        if (context.RequestTokenPrincipal is not { } pushed || context.Request.RequestUri is not { } requestUri)
        {
            return;
        }

        var http = context.Transaction.GetHttpRequest() ?? throw new InvalidOperationException("The HTTP request is missing.");
        var login = await logins.ReadAsync(http.HttpContext, LoginTransactionStore.IdFor(context.Request));
        if (login is not null && login.ClientId == context.ClientId)
        {
            return; // the return of the login this request_uri started, in the browser that started it
        }

        var now = time.GetUtcNow();
        if (pushed.GetCreationDate() is not { } pushedAt || now - pushedAt > StartWindow)
        {
            context.Reject(InvalidRequestUri, "The request_uri has expired; push the authorization request again.");
            return;
        }

        if (!await replay.TryUseAsync("par.request_uri", requestUri, pushedAt + StartWindow, http.HttpContext.RequestAborted))
        {
            context.Reject(InvalidRequestUri, "The request_uri has already been used; push the authorization request again.");
        }
    }
}

/// <summary>
/// The PAR response's <c>expires_in</c> (RFC 9126 §2.2) says how long the <c>request_uri</c> may
/// start a login (<see cref="PushedRequestUse.StartWindow"/>), not OpenIddict's longer request
/// token lifetime, which only lets the login that started return to it.
/// </summary>
public sealed class AttachPushedRequestExpiry : IOpenIddictServerHandler<ApplyPushedAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyPushedAuthorizationResponseContext>()
            .UseSingletonHandler<AttachPushedRequestExpiry>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyPushedAuthorizationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.RequestUri is not null)
        {
            context.Response.ExpiresIn = (long)PushedRequestUse.StartWindow.TotalSeconds;
        }

        return ValueTask.CompletedTask;
    }
}
