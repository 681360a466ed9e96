using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.Oidc.Dpop;
using NetIdentity.Core.Protocol;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Fapi;

/// <summary>
/// What OpenIddict leaves open in a <c>private_key_jwt</c> client assertion (RFC 7523 §3), closed
/// for every platform that authenticates with keys: ES256 or PS256 only (FAPI 2.0 §5.4.1), the
/// issuer as the one audience (draft-ietf-oauth-rfc7523bis §4: no token endpoint URL, no list,
/// so an assertion made for another server cannot be replayed here), an <c>iat</c> and an
/// <c>exp</c> no more than <see cref="MaxLifetime"/> apart and not ahead of the clock, and a
/// <c>jti</c> accepted once across all instances (RFC 7523 §3 item 7).
/// </summary>
public sealed class ClientAssertionPolicy(IReplayCache replay, TimeProvider time) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    /// <summary>How long an assertion may be valid for, and how old its <c>iat</c> may be.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<ClientAssertionPolicy>()
            // After OpenIddict validated the assertion, before the DPoP proof (whose replay entry
            // should not be spent on a request whose client is refused).
            .SetOrder(int.MaxValue - 110_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsRejected || context.ClientAssertionPrincipal is null || context.ClientAssertion is not { } assertion)
        {
            return;
        }

        // OpenIddict has checked the signature, issuer, subject and audience; the raw token is
        // read again here for what it does not check, with the claims exactly as the client sent them.
        var token = new JsonWebToken(assertion);
        if (Refusal(context, token) is { } description)
        {
            context.Reject(Errors.InvalidClient, description);
            return;
        }

        if (!await replay.TryUseAsync("client_assertion.jti", token.Issuer + " " + token.Id, token.ValidTo, context.CancellationToken))
        {
            context.Reject(Errors.InvalidClient, "The client assertion has already been used ('jti').");
        }
    }

    private string? Refusal(ProcessAuthenticationContext context, JsonWebToken token)
    {
        if (!DpopProofValidator.Algorithms.Contains(token.Alg))
        {
            return "The client assertion must be signed with ES256 or PS256.";
        }

        var issuer = (context.Options.Issuer ?? context.BaseUri)?.AbsoluteUri;
        if (token.Audiences.ToList() is not [var audience] || !string.Equals(audience, issuer, StringComparison.Ordinal))
        {
            return "The client assertion's audience must be exactly the issuer identifier.";
        }

        if (string.IsNullOrEmpty(token.Id) || token.Id.Length > 256)
        {
            return "The client assertion has no usable 'jti'.";
        }

        if (!token.TryGetPayloadValue<long>(Claims.IssuedAt, out var iat) || !token.TryGetPayloadValue<long>(Claims.ExpiresAt, out var exp))
        {
            return "The client assertion must carry 'iat' and 'exp'.";
        }

        var now = time.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeSeconds(iat);
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (issued > now + DpopProofValidator.FutureSkew || now - issued > MaxLifetime || expires - issued > MaxLifetime || expires <= now)
        {
            return "The client assertion's 'iat' and 'exp' are outside the accepted window (at most 5 minutes, not in the future).";
        }

        return null;
    }
}
