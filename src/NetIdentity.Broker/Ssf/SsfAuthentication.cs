using System.Text.Json.Nodes;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Oidc.Dpop;
using NetIdentity.Broker.Platforms;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// Who calls an SSF endpoint: a platform, with an access token from the broker's token endpoint
/// (client credentials, scope <see cref="SharedSignals.ManageScope"/>), presented as a bearer token
/// (RFC 6750) or, when it is bound to a DPoP key, with the <c>DPoP</c> scheme and a proof for this
/// request (RFC 9449 §7). The token is validated by the broker's own OpenIddict server (its keys,
/// its token store: a revoked token fails), exactly as at the userinfo endpoint.
/// </summary>
internal static class SsfAuthentication
{
    private const string BearerScheme = "Bearer ";
    private const string DpopScheme = "DPoP ";

    /// <summary>The calling platform's client id, or the 401/403 answer.</summary>
    public static async Task<(string? ClientId, IResult? Failure)> AuthenticateAsync(HttpContext http, string path)
    {
        string? header = http.Request.Headers.Authorization;
        var dpop = header?.StartsWith(DpopScheme, StringComparison.OrdinalIgnoreCase) == true;
        if (header is null || !(dpop || header.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)))
        {
            // RFC 6750 §3.1: no error code when the request carried no credentials.
            return (null, Challenge(http, null, $"An access token with the '{SharedSignals.ManageScope}' scope is required (client credentials at the token endpoint)."));
        }

        if (dpop)
        {
            // RFC 9449 §8, §9: a fresh nonce on every DPoP answer, so the next proof can carry it.
            http.Response.Headers[DpopProofValidator.NonceHeader] = http.RequestServices.GetRequiredService<DpopNonces>().Issue();
        }

        var token = header[(dpop ? DpopScheme.Length : BearerScheme.Length)..].Trim();
        var services = http.RequestServices;
        var issuer = services.GetRequiredService<BrokerIssuer>().For(http);
        var factory = services.GetRequiredService<IOpenIddictServerFactory>();
        var dispatcher = services.GetRequiredService<IOpenIddictServerDispatcher>();
        var transaction = await factory.CreateTransactionAsync();
        transaction.Request = new OpenIddictRequest();
        var validation = new ValidateTokenContext(transaction) { Token = token };
        validation.ValidTokenTypes.Add(TokenTypeIdentifiers.AccessToken);
        validation.ValidAudiences.Add(issuer.AbsoluteUri);
        await dispatcher.DispatchAsync(validation);
        if (validation.IsRejected || validation.Principal is not { } principal)
        {
            return (null, Challenge(http, Errors.InvalidToken, "The access token is not valid: expired, revoked, or not issued by this broker."));
        }

        var bound = DpopBinding.ThumbprintOf(principal);
        if (bound is null && dpop)
        {
            return (null, Challenge(http, Errors.InvalidToken, "The access token is not bound to a DPoP key; present it as a bearer token."));
        }

        if (bound is not null)
        {
            if (!dpop)
            {
                // RFC 9449 §7.2: a bound token presented as a bearer token is refused, or the binding would be optional.
                return (null, Challenge(http, Errors.InvalidToken, "The access token is bound to a DPoP key and must be presented with the DPoP scheme and a proof."));
            }

            var proofs = http.Request.Headers[DpopProofValidator.Header];
            if (proofs.Count != 1)
            {
                return (null, Challenge(http, DpopError.InvalidProof, "Exactly one DPoP proof is required with a DPoP-bound access token."));
            }

            var (proof, error) = await services.GetRequiredService<DpopProofValidator>()
                .ValidateAsync(proofs[0]!, http.Request.Method, new Uri(issuer, path), token, http.RequestAborted);
            if (error is not null)
            {
                return (null, Challenge(http, error.Error, error.Description));
            }

            if (!string.Equals(proof!.Thumbprint, bound, StringComparison.Ordinal))
            {
                return (null, Challenge(http, DpopError.InvalidProof, "The DPoP proof is signed by another key than the one the access token is bound to."));
            }
        }

        if (!principal.HasScope(SharedSignals.ManageScope))
        {
            // RFC 6750 §3.1: insufficient_scope is 403.
            return (null, Challenge(http, Errors.InsufficientScope, $"The access token lacks the '{SharedSignals.ManageScope}' scope."));
        }

        // Only a client credentials token names the platform as its subject: a person's token
        // never carries the scope (a platform cannot register it), and is refused here too.
        var clientId = principal.GetClaim(Claims.ClientId);
        if (string.IsNullOrEmpty(clientId)
            || principal.GetClaim(Claims.Subject) != clientId
            || clientId == PlatformCatalog.Self.ClientId
            || services.GetRequiredService<PlatformCatalog>().Find(clientId) is null)
        {
            return (null, Challenge(http, Errors.InvalidToken, "The access token was not issued to a platform by client credentials."));
        }

        return (clientId, null);
    }

    /// <summary>401 (403 for a scope) with <c>WWW-Authenticate</c> (RFC 6750 §3) and the same error as JSON.</summary>
    private static IResult Challenge(HttpContext http, string? error, string description)
    {
        var status = error == Errors.InsufficientScope ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        var scheme = http.Request.Headers.Authorization.ToString().StartsWith(DpopScheme, StringComparison.OrdinalIgnoreCase) ? "DPoP" : "Bearer";
        var quoted = description.Replace("\"", "'", StringComparison.Ordinal);
        http.Response.Headers.WWWAuthenticate = error is null
            ? $"{scheme} realm=\"ssf\", scope=\"{SharedSignals.ManageScope}\""
            : $"{scheme} realm=\"ssf\", error=\"{error}\", error_description=\"{quoted}\", scope=\"{SharedSignals.ManageScope}\""
                + (scheme == "DPoP" ? $", algs=\"{string.Join(' ', DpopProofValidator.Algorithms)}\"" : string.Empty);
        return SsfResults.Error(status, error ?? Errors.InvalidRequest, description);
    }
}

/// <summary>The JSON answers of the SSF endpoints.</summary>
internal static class SsfResults
{
    /// <summary>An error: the HTTP status the spec gives, and <c>error</c> / <c>error_description</c> as OAuth errors carry them (RFC 6749 §5.2).</summary>
    public static IResult Error(int status, string error, string description) =>
        Results.Content(new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString(), "application/json", statusCode: status);

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(), "application/json", statusCode: status);
}
