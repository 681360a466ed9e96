using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Sends an authorization request's error back to the platform, as RFC 6749 §4.1.2.1 and
/// OpenID Connect Core 1.0 §3.1.2.6 say, whenever the request names a known client and one of
/// that client's registered redirect URIs exactly (issue 9 §6b). OpenIddict answers every error
/// raised while it validates the request on its own page, the wrong PKCE method and an
/// unsupported <c>response_type</c> included; the platform then never learns why its user is
/// stuck. Answered here, at the broker, as before:
/// <list type="bullet">
/// <item>a missing or unknown <c>client_id</c>, or a <c>redirect_uri</c> missing or not registered
/// for it byte for byte (§4.1.2.1: "MUST NOT automatically redirect"; no open redirect: the check
/// is OpenIddict's own, <see cref="IOpenIddictApplicationManager.ValidateRedirectUriAsync"/>);</item>
/// <item>every request that carries a <c>request_uri</c> (RFC 9126): when a pushed request cannot be
/// used (spent, expired, another client's) its redirect URI is not one the broker may trust to
/// answer this browser.</item>
/// </list>
/// The response mode is the one asked for when it is one the broker supports, otherwise
/// <c>query</c>; <c>state</c> and <c>iss</c> (RFC 9207) are attached by OpenIddict after this.
/// </summary>
public sealed class RedirectAuthorizationErrors(IOpenIddictApplicationManager applications) :
    IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RedirectAuthorizationErrors>()
            // After OpenIddict chose the redirect URI and mode (only for valid requests), before it
            // attaches state and iss to a response that is redirected.
            .SetOrder(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!string.IsNullOrEmpty(context.RedirectUri) ||
            string.IsNullOrEmpty(context.Response.Error) ||
            request is null ||
            !string.IsNullOrEmpty(request.RequestUri) ||
            string.IsNullOrEmpty(request.ClientId) ||
            string.IsNullOrEmpty(request.RedirectUri))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(request.ClientId, context.CancellationToken);
        if (application is null ||
            !await applications.ValidateRedirectUriAsync(application, request.RedirectUri, context.CancellationToken))
        {
            return;
        }

        context.RedirectUri = request.RedirectUri;
        context.ResponseMode = request.ResponseMode is { Length: > 0 } mode && context.Options.ResponseModes.Contains(mode)
            ? mode
            : ResponseModes.Query;
    }
}
