using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// Verifies a Security Event Token from the broker (RFC 8417 §4 "Security Considerations", RFC 8935
/// §2): explicitly typed <c>secevent+jwt</c>; signed ES256 by a key of the broker's JWKS, found
/// through the same discovery document (and cache) the login uses; issued by the broker, to this
/// forum; not issued in the future; carrying a <c>jti</c> and an event this forum knows. Fails
/// closed: anything not proven right is refused with its RFC 8935 error code.
/// </summary>
internal sealed class SecurityEventValidator(
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    IOptionsMonitor<NetIdentityOptions> netid,
    TimeProvider time)
{
    /// <summary>How far the broker's clock may run ahead of the forum's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Checks <paramref name="token"/>; an error, or the event it proves.</summary>
    /// <exception cref="InvalidOperationException">The broker's discovery document or keys could not be fetched.</exception>
    public async Task<(ConsentWithdrawal? Event, SecurityEventError? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return (null, SecurityEventError.InvalidRequest("The body is not a JWT: a SET is a signed JWT in compact form (RFC 8417 §2)."));
        }

        if (jwt.IsEncrypted)
        {
            return (null, SecurityEventError.InvalidRequest("The SET must be signed (JWS), not encrypted."));
        }

        // Explicit typing first (RFC 8725 §3.11): an ID token or another JWT is not an event, whoever signed it.
        if (!SecurityEventTypes.TokenTypes.Contains(jwt.Typ, StringComparer.OrdinalIgnoreCase))
        {
            return (null, SecurityEventError.InvalidRequest("The JWS header typ must be secevent+jwt (RFC 8417 §2.3)."));
        }

        var manager = oidc.Get(NetIdentityDefaults.AuthenticationScheme).ConfigurationManager
            ?? throw new InvalidOperationException("The NetIdentity scheme has no configuration manager.");
        var configuration = await manager.GetConfigurationAsync(cancellationToken);
        var result = await Handler.ValidateTokenAsync(jwt, Parameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key this forum has not seen yet: the broker may have rotated. Fetch the keys again, once.
            manager.RequestRefresh();
            configuration = await manager.GetConfigurationAsync(cancellationToken);
            result = await Handler.ValidateTokenAsync(jwt, Parameters(configuration));
        }

        if (!result.IsValid)
        {
            return (null, ErrorOf(result.Exception));
        }

        return Read(jwt, configuration.Issuer);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = netid.Get(NetIdentityDefaults.AuthenticationScheme).ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = SecurityEventTypes.TokenTypes,

        // A SET has no exp: it records that something happened (RFC 8417 §2.2); iat is checked below.
        ValidateLifetime = false,
        RequireExpirationTime = false,
        RequireSignedTokens = true,
    };

    private static SecurityEventError ErrorOf(Exception? exception) => exception switch
    {
        SecurityTokenInvalidIssuerException => SecurityEventError.InvalidIssuer("The SET was not issued by the broker this forum logs in with."),
        SecurityTokenInvalidAudienceException => SecurityEventError.InvalidAudience("The SET is not addressed to this forum's client id."),
        SecurityTokenSignatureKeyNotFoundException => SecurityEventError.InvalidKey("The SET's key is not in the broker's JWKS."),
        SecurityTokenInvalidSignatureException or SecurityTokenInvalidSigningKeyException => SecurityEventError.InvalidKey("The SET's signature does not verify with the broker's keys."),
        SecurityTokenInvalidAlgorithmException => SecurityEventError.InvalidKey("The SET must be signed with ES256."),
        SecurityTokenInvalidTypeException => SecurityEventError.InvalidRequest("The JWS header typ must be secevent+jwt (RFC 8417 §2.3)."),
        _ => SecurityEventError.InvalidRequest("The SET could not be validated."),
    };

    /// <summary>The claims beyond what the handler checks: iat, jti, and the one event this forum knows.</summary>
    private (ConsentWithdrawal? Event, SecurityEventError? Error) Read(JsonWebToken jwt, string issuer)
    {
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(jwt.EncodedPayload)));
        var root = payload.RootElement;

        if (Seconds(root, "iat") is not { } issuedAt || issuedAt > time.GetUtcNow() + ClockSkew)
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs an iat that is not in the future (RFC 8417 §2.2)."));
        }

        if (!root.TryGetProperty("jti", out var jti) || jti.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(jti.GetString()))
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs a jti (RFC 8417 §2.2)."));
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object || !events.EnumerateObject().Any())
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs an events object (RFC 8417 §2.2)."));
        }

        if (events.EnumerateObject().Any(e => e.Name != SecurityEventTypes.ConsentWithdrawn))
        {
            return (null, SecurityEventError.InvalidRequest("The SET carries an event type this forum does not know; it knows " + SecurityEventTypes.ConsentWithdrawn + "."));
        }

        var withdrawal = ReadWithdrawal(events.GetProperty(SecurityEventTypes.ConsentWithdrawn), issuer, jti.GetString()!, issuedAt);
        return withdrawal is null
            ? (null, SecurityEventError.InvalidRequest("The consent-withdrawn event needs subject (format iss_sub, the broker's iss, a sub), scopes, consent_id and withdrawn_at (docs/events.md)."))
            : (withdrawal, null);
    }

    private static ConsentWithdrawal? ReadWithdrawal(JsonElement body, string issuer, string jti, DateTimeOffset issuedAt)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.Object
            || Text(subject, "format") != "iss_sub" || Text(subject, "iss") != issuer || Text(subject, "sub") is not { Length: > 0 } sub
            || !body.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array
            || scopes.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String)
            || Text(body, "consent_id") is not { Length: > 0 } consentId
            || Seconds(body, "withdrawn_at") is not { } withdrawnAt)
        {
            return null;
        }

        return new ConsentWithdrawal(jti, issuedAt, sub, scopes.EnumerateArray().Select(s => s.GetString()!).ToList(), consentId, withdrawnAt);
    }

    /// <summary>A NumericDate (RFC 7519 §2) member as a time; null when missing, not a whole number, or out of range.</summary>
    private static DateTimeOffset? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
