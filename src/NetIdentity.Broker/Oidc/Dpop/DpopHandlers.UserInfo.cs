using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// DPoP at the userinfo endpoint, the broker's one protected resource (RFC 9449 §7): a bound
/// token comes with the <c>DPoP</c> scheme and a proof by the same key for this request and this
/// token; a bound token is never accepted as a bearer token, nor a bearer token under
/// <c>DPoP</c>. Errors are answered with <c>WWW-Authenticate: DPoP</c> (§7.1).
/// </summary>
public static class DpopUserInfoHandlers
{
    /// <summary>The userinfo endpoint's DPoP rules, in the order they run.</summary>
    public static IReadOnlyList<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ExtractDpopAccessToken.Descriptor,
        ValidateUserInfoProof.Descriptor,
        AttachDpopChallenge.Descriptor,
    ];

    private const string Scheme = "DPoP ";

    /// <summary>
    /// OpenIddict reads only <c>Authorization: Bearer</c>; this reads <c>Authorization: DPoP</c>
    /// (RFC 9449 §7.1) and remembers which scheme carried the token.
    /// </summary>
    public sealed class ExtractDpopAccessToken : IOpenIddictServerHandler<ExtractUserInfoRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractUserInfoRequestContext>()
                .UseSingletonHandler<ExtractDpopAccessToken>()
                .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractAccessToken<ExtractUserInfoRequestContext>.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ExtractUserInfoRequestContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            string? header = context.Transaction.GetHttpRequest()?.Headers.Authorization;
            if (header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && context.Request is { } request)
            {
                request.AccessToken = header[Scheme.Length..].Trim();
                DpopBinding.RememberScheme(context.Transaction);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Checks the scheme against the token's binding, then the proof: key, method, URL, <c>ath</c>, nonce, replay.</summary>
    public sealed class ValidateUserInfoProof(DpopProofValidator proofs, BrokerIssuer issuer) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
                .UseSingletonHandler<ValidateUserInfoProof>()
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.EndpointType != OpenIddictServerEndpointType.UserInfo || context.IsRejected || context.AccessTokenPrincipal is null)
            {
                return;
            }

            var bound = DpopBinding.ThumbprintOf(context.AccessTokenPrincipal);
            var dpopScheme = DpopBinding.UsedScheme(context.Transaction);
            if (bound is null)
            {
                if (dpopScheme)
                {
                    context.Reject(Errors.InvalidToken, "The access token is not bound to a DPoP key; present it as a bearer token.");
                }

                return;
            }

            if (!dpopScheme)
            {
                // RFC 9449 §7.2: a DPoP-bound token presented as a bearer token is refused, or the binding would be optional.
                context.Reject(Errors.InvalidToken, "The access token is bound to a DPoP key and must be presented with the DPoP scheme and a proof.");
                return;
            }

            var http = context.Transaction.GetHttpRequest() ?? throw new InvalidOperationException("DPoP needs the HTTP request.");
            var headers = http.Headers[DpopProofValidator.Header];
            if (headers.Count != 1)
            {
                context.Reject(DpopError.InvalidProof, "Exactly one DPoP proof is required with a DPoP-bound access token.");
                return;
            }

            var target = new Uri(issuer.For(http.HttpContext), OidcServerRegistration.UserInfoPath);
            var (proof, error) = await proofs.ValidateAsync(headers[0]!, http.Method, target, context.AccessToken, http.HttpContext.RequestAborted);
            if (error is not null)
            {
                context.Reject(error.Error, error.Description);
                return;
            }

            if (!string.Equals(proof!.Thumbprint, bound, StringComparison.Ordinal))
            {
                context.Reject(DpopError.InvalidProof, "The DPoP proof is signed by another key than the one the access token is bound to.");
            }
        }
    }

    /// <summary>
    /// Answers errors with the <c>DPoP</c> challenge (RFC 9449 §7.1): 401, the error, the
    /// algorithms accepted, and for <c>use_dpop_nonce</c> the nonce to retry with (§9).
    /// </summary>
    public sealed class AttachDpopChallenge(DpopNonces nonces) : IOpenIddictServerHandler<ApplyUserInfoResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyUserInfoResponseContext>()
                .UseSingletonHandler<AttachDpopChallenge>()
                .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<ApplyUserInfoResponseContext>.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyUserInfoResponseContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var error = context.Response.Error;
            var dpop = DpopBinding.UsedScheme(context.Transaction) || error is DpopError.InvalidProof or DpopError.UseNonce;
            if (!dpop || context.Transaction.GetHttpRequest()?.HttpContext.Response is not { } response)
            {
                return ValueTask.CompletedTask;
            }

            response.Headers[DpopProofValidator.NonceHeader] = nonces.Issue();
            if (error is not null)
            {
                // RFC 6750 §3.1 / RFC 9449 §7.1: 401 for a token or proof problem; a scope problem stays 403.
                response.StatusCode = error == Errors.InsufficientScope ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                var description = context.Response.ErrorDescription?.Replace("\"", "'", StringComparison.Ordinal);
                response.Headers.WWWAuthenticate =
                    $"DPoP error=\"{error}\", error_description=\"{description}\", algs=\"{string.Join(' ', DpopProofValidator.Algorithms)}\"";
            }

            return ValueTask.CompletedTask;
        }
    }
}
