using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.Oidc.Dpop;
using NetIdentity.Core.Protocol;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc.Fapi;

/// <summary>
/// What a <c>private_key_jwt</c> client assertion (RFC 7523 §3) must be, for every platform that
/// authenticates with keys: ES256 or PS256 only (FAPI 2.0 §5.4.1), <c>iss</c> and <c>sub</c> the
/// client, the issuer as the one audience (draft-ietf-oauth-rfc7523bis §4: no token endpoint URL,
/// no list, so an assertion made for another server cannot be replayed here), an <c>iat</c> and an
/// <c>exp</c> no more than <see cref="MaxLifetime"/> apart and not ahead of the clock, and a
/// <c>jti</c> accepted once across all instances (RFC 7523 §3 item 7). The claims are checked
/// before OpenIddict validates the signature, so each refusal is <c>invalid_client</c> (RFC 7523
/// §3.1) with a description that says which rule failed; the <c>jti</c> is spent only after
/// the signature is known to be the client's (<see cref="ConsumeClientAssertion"/>).
/// </summary>
public sealed class ClientAssertionPolicy(TimeProvider time) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    /// <summary>How long an assertion may be valid for, and how old its <c>iat</c> may be.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<ClientAssertionPolicy>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsRejected || string.IsNullOrEmpty(context.ClientAssertion))
        {
            return ValueTask.CompletedTask;
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(context.ClientAssertion);
        }
        catch (ArgumentException)
        {
            return ValueTask.CompletedTask; // not a JWT at all: OpenIddict refuses it
        }

        if (Refusal(context, token) is { } description)
        {
            context.Reject(Errors.InvalidClient, description);
        }

        return ValueTask.CompletedTask;
    }

    private string? Refusal(ProcessAuthenticationContext context, JsonWebToken token)
    {
        if (!DpopProofValidator.Algorithms.Contains(token.Alg))
        {
            return "The client assertion must be signed with ES256 or PS256.";
        }

        if (string.IsNullOrEmpty(token.Issuer) || !string.Equals(token.Issuer, token.Subject, StringComparison.Ordinal)
            || (context.Request.ClientId is { } clientId && !string.Equals(clientId, token.Issuer, StringComparison.Ordinal)))
        {
            return "The client assertion's 'iss' and 'sub' must both be the client_id.";
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

/// <summary>
/// Spends a client assertion's <c>jti</c> once its signature is known to be the client's: a
/// second use, on any instance, is refused (RFC 7523 §3 item 7; FAPI 2.0 test plan).
/// </summary>
public sealed class ConsumeClientAssertion(IReplayCache replay) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            // After OpenIddict validated the assertion, before the DPoP proof (whose replay entry
            // should not be spent on a request whose client is refused).
            .UseSingletonHandler<ConsumeClientAssertion>()
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

        var token = new JsonWebToken(assertion);
        if (!await replay.TryUseAsync("client_assertion.jti", token.Issuer + " " + token.Id, token.ValidTo, context.CancellationToken))
        {
            context.Reject(Errors.InvalidClient, "The client assertion has already been used ('jti').");
        }
    }
}
