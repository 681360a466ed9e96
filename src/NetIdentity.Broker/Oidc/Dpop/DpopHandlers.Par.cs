using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// DPoP at the PAR endpoint (RFC 9449 §10.1): a proof sent with the pushed request binds the
/// future code to its key, as <c>dpop_jkt</c> would; if both are sent they must name the same
/// key. The proof is checked like any other (method, URL, time, nonce, replay).
/// </summary>
public static class DpopParHandlers
{
    /// <summary>The PAR endpoint's DPoP rules, in the order they run.</summary>
    public static IReadOnlyList<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ValidatePushedRequestProof.Descriptor,
        AttachPushedRequestNonce.Descriptor,
    ];

    public sealed class ValidatePushedRequestProof(DpopProofValidator proofs, BrokerIssuer issuer) : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
                .UseSingletonHandler<ValidatePushedRequestProof>()
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var http = context.Transaction.GetHttpRequest();
            if (context.IsRejected || http is null || http.Headers[DpopProofValidator.Header] is not { Count: > 0 } headers)
            {
                return;
            }

            if (headers.Count > 1)
            {
                context.Reject(DpopError.InvalidProof, "Exactly one DPoP proof is allowed.");
                return;
            }

            var requested = (string?)context.Request[DpopBinding.RequestedKey];
            if (requested is not null && !DpopBinding.IsThumbprint(requested))
            {
                context.Reject(OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidRequest, "The 'dpop_jkt' parameter must be a base64url SHA-256 JWK thumbprint (RFC 7638).");
                return;
            }

            var target = new Uri(issuer.For(http.HttpContext), OidcServerRegistration.PushedAuthorizationPath);
            var (proof, error) = await proofs.ValidateAsync(headers[0]!, http.Method, target, accessToken: null, http.HttpContext.RequestAborted);
            if (error is not null)
            {
                context.Reject(error.Error, error.Description);
                return;
            }

            if (requested is not null && !string.Equals(requested, proof!.Thumbprint, StringComparison.Ordinal))
            {
                context.Reject(DpopError.InvalidProof, "The 'dpop_jkt' parameter and the DPoP proof name different keys.");
                return;
            }

            // Kept in the pushed request, so the code is bound to the key at the token endpoint.
            context.Request[DpopBinding.RequestedKey] = proof!.Thumbprint;
        }
    }

    /// <summary>A fresh nonce on every PAR answer, so a platform that starts there can make its first proof (RFC 9449 §8).</summary>
    public sealed class AttachPushedRequestNonce(DpopNonces nonces) : IOpenIddictServerHandler<ApplyPushedAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyPushedAuthorizationResponseContext>()
                .UseSingletonHandler<AttachPushedRequestNonce>()
                .SetOrder(int.MinValue + 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyPushedAuthorizationResponseContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Transaction.GetHttpRequest() is { } http)
            {
                http.HttpContext.Response.Headers[DpopProofValidator.NonceHeader] = nonces.Issue();
            }

            return ValueTask.CompletedTask;
        }
    }
}
