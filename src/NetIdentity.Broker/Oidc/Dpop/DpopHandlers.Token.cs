using Microsoft.AspNetCore;
using NetIdentity.Broker.Platforms;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// DPoP at the token endpoint (RFC 9449 §5): the proof is checked, the key must be the one the
/// code (<c>dpop_jkt</c>) or the refresh token (<c>cnf</c>) is bound to, the issued tokens are
/// bound to it, the <c>token_type</c> says so, and every answer carries a fresh nonce.
/// </summary>
public static class DpopTokenHandlers
{
    /// <summary>The token endpoint's DPoP rules, in the order they run.</summary>
    public static IReadOnlyList<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ReadDpopConfirmation.Descriptor,
        ValidateTokenRequestProof.Descriptor,
        BindIssuedTokens.Descriptor,
        AttachTokenType.Descriptor,
        AttachIntrospectedConfirmation.Descriptor,
    ];

    /// <summary>
    /// Checks the <c>DPoP</c> header of a token request. Required for a FAPI 2.0 platform, for a
    /// code whose request named <c>dpop_jkt</c>, and for a refresh token bound to a key; optional
    /// otherwise (a platform on the default profile may use DPoP).
    /// </summary>
    public sealed class ValidateTokenRequestProof(PlatformCatalog platforms, DpopProofValidator proofs, BrokerIssuer issuer)
        : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
                .UseSingletonHandler<ValidateTokenRequestProof>()
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.EndpointType != OpenIddictServerEndpointType.Token || context.IsRejected)
            {
                return;
            }

            var http = context.Transaction.GetHttpRequest() ?? throw new InvalidOperationException("DPoP needs the HTTP request.");
            var (bound, boundBy) = context.Request.IsRefreshTokenGrantType()
                ? (DpopBinding.ThumbprintOf(context.RefreshTokenPrincipal), "refresh token")
                : context.Request.IsAuthorizationCodeGrantType()
                    ? (context.AuthorizationCodePrincipal?.GetClaim(DpopBinding.RequestedKey), "authorization code ('dpop_jkt')")
                    : (null, null);
            var clientId = context.Request.ClientId ?? context.ClientAssertionPrincipal?.GetClaim(Claims.Issuer);
            var headers = http.Headers[DpopProofValidator.Header];
            if (headers.Count == 0)
            {
                if (platforms.Find(clientId) is { IsFapi2: true } || bound is not null)
                {
                    context.Reject(DpopError.InvalidProof, "A DPoP proof is required for this request (RFC 9449; FAPI 2.0 §5.3.2.2).");
                }

                return;
            }

            if (headers.Count > 1)
            {
                context.Reject(DpopError.InvalidProof, "Exactly one DPoP proof is allowed.");
                return;
            }

            var target = new Uri(issuer.For(http.HttpContext), OidcServerRegistration.TokenPath);
            var (proof, error) = await proofs.ValidateAsync(headers[0]!, http.Method, target, accessToken: null, http.HttpContext.RequestAborted);
            if (error is not null)
            {
                context.Reject(error.Error, error.Description);
                return;
            }

            if (bound is not null && !string.Equals(bound, proof!.Thumbprint, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidGrant, $"The {boundBy} is bound to another DPoP key.");
                return;
            }

            DpopBinding.RememberProof(context.Transaction, proof!.Thumbprint);
        }
    }

    /// <summary>
    /// Binds what is issued: the code to the platform's <c>dpop_jkt</c>, access and refresh tokens
    /// to the proven key (<c>cnf.jkt</c>), or to nothing when no proof was given. Runs after
    /// OpenIddict prepared the principals and before it signs them.
    /// </summary>
    public sealed class BindIssuedTokens : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<BindIssuedTokens>()
                .SetOrder(OpenIddictServerHandlers.GenerateAccessToken.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.EndpointType == OpenIddictServerEndpointType.Authorization)
            {
                if ((string?)context.Request[DpopBinding.RequestedKey] is { } requested && context.AuthorizationCodePrincipal is { } code)
                {
                    code.SetClaim(DpopBinding.RequestedKey, requested);
                }

                return ValueTask.CompletedTask;
            }

            if (context.EndpointType == OpenIddictServerEndpointType.Token)
            {
                var thumbprint = DpopBinding.ProvenThumbprint(context.Transaction);
                DpopBinding.Bind(context.AccessTokenPrincipal, thumbprint);
                DpopBinding.Bind(context.RefreshTokenPrincipal, thumbprint);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary><c>token_type</c> is <c>DPoP</c> for a bound access token (RFC 9449 §5), and a fresh nonce rides on every answer.</summary>
    public sealed class AttachTokenType(DpopNonces nonces) : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
                .UseSingletonHandler<AttachTokenType>()
                .SetOrder(int.MinValue + 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Response.AccessToken is not null && DpopBinding.ProvenThumbprint(context.Transaction) is not null)
            {
                context.Response.TokenType = DpopBinding.TokenType;
            }

            if (context.Transaction.GetHttpRequest() is { } http)
            {
                http.HttpContext.Response.Headers[DpopProofValidator.NonceHeader] = nonces.Issue();
            }

            return ValueTask.CompletedTask;
        }
    }
}
