using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>A refused SET, as RFC 8935 §2.4 answers it: <c>{"err": …, "description": …}</c> with 400.</summary>
/// <param name="Err">One of the SET error codes (RFC 8935 §2.4, IANA "Security Event Token Error Codes").</param>
/// <param name="Description">What was wrong, for the transmitter's operator. Never echoes the SET.</param>
internal sealed record SecurityEventError(
    [property: JsonPropertyName("err")] string Err,
    [property: JsonPropertyName("description")] string Description)
{
    public static SecurityEventError InvalidRequest(string description) => new("invalid_request", description);

    public static SecurityEventError InvalidKey(string description) => new("invalid_key", description);

    public static SecurityEventError InvalidIssuer(string description) => new("invalid_issuer", description);

    public static SecurityEventError InvalidAudience(string description) => new("invalid_audience", description);
}

/// <summary>A verified SET: exactly one of the events is set.</summary>
/// <param name="Jti">The SET's <c>jti</c>.</param>
/// <param name="IssuedAt">The SET's <c>iat</c>.</param>
internal sealed record ReceivedSet(string Jti, DateTimeOffset IssuedAt)
{
    /// <summary>How long to remember the <c>jti</c> at least: past the time the SET would be refused as too old anyway.</summary>
    public DateTimeOffset KeepUntil { get; init; }

    public NetIdentityConsentWithdrawal? Withdrawal { get; init; }

    public NetIdentitySessionRevoked? SessionRevoked { get; init; }

    public NetIdentityStreamVerification? Verification { get; init; }
}

/// <summary>
/// Verifies the broker's event tokens, failing closed, with the keys and issuer of the discovery
/// document the login uses (the OIDC handler's configuration manager, fetched again once when a
/// token names a key it has not seen: the broker may have rotated):
/// a Security Event Token as RFC 8417 §4 and RFC 8935 §2 say (<see cref="ValidateSetAsync"/>), and
/// a logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 says (<see cref="ValidateLogoutAsync"/>).
/// Both are explicitly typed (RFC 8725 §3.11), so an ID token or an access token signed by the
/// same keys is never taken for one; both are ES256 only, so <c>alg: none</c> and HMAC are refused.
/// </summary>
internal sealed class NetIdentityEventTokens(
    IOptionsMonitor<OpenIdConnectOptions> oidc, IOptionsMonitor<NetIdentityOptions> netid, TimeProvider time, string scheme)
{
    /// <summary>How far the broker's clock may run ahead of the platform's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Checks a pushed SET; an error, or the withdrawal it proves and the broker's issuer.</summary>
    /// <exception cref="InvalidOperationException">The broker's discovery document or keys could not be fetched.</exception>
    public async Task<(ReceivedSet? Event, string? Issuer, SecurityEventError? Error)> ValidateSetAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return (null, null, SecurityEventError.InvalidRequest("The body is not a JWT: a SET is a signed JWT in compact form (RFC 8417 §2)."));
        }

        if (jwt.IsEncrypted)
        {
            return (null, null, SecurityEventError.InvalidRequest("The SET must be signed (JWS), not encrypted."));
        }

        // Explicit typing first (RFC 8725 §3.11): an ID token or another JWT is not an event, whoever signed it.
        if (!NetIdentitySecurityEvents.SetTypes.Contains(jwt.Typ, StringComparer.OrdinalIgnoreCase))
        {
            return (null, null, SecurityEventError.InvalidRequest("The JWS header typ must be secevent+jwt (RFC 8417 §2.3)."));
        }

        var (result, configuration) = await ValidateAsync(jwt, configuration => new()
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = NetIdentitySecurityEvents.SetTypes,

            // A SET has no exp: it records that something happened (RFC 8417 §2.2); iat is checked below.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        }, cancellationToken);

        if (!result.IsValid)
        {
            return (null, null, ErrorOf(result.Exception));
        }

        var (withdrawal, error) = ReadSet(jwt, configuration.Issuer);
        return (withdrawal, configuration.Issuer, error);
    }

    /// <summary>Checks a logout token; the logout it proves and the broker's issuer, or why it is refused.</summary>
    /// <exception cref="InvalidOperationException">The broker's discovery document or keys could not be fetched.</exception>
    public async Task<(NetIdentityLogout? Logout, string? Issuer, DateTimeOffset Expires, string? Error)> ValidateLogoutAsync(string token, CancellationToken cancellationToken)
    {
        var (result, configuration) = await ValidateAsync(token, configuration => new()
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [NetIdentitySecurityEvents.LogoutTokenType],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        }, cancellationToken);

        if (!result.IsValid)
        {
            return (null, null, default, "The logout token does not validate: " + result.Exception?.GetType().Name);
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        using var payload = Payload(jwt);
        var root = payload.RootElement;
        var sub = Text(root, "sub");
        var sid = Text(root, "sid");
        if (root.TryGetProperty("nonce", out _))
        {
            return (null, null, default, "A logout token must not contain a nonce (§2.4).");
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(NetIdentitySecurityEvents.BackChannelLogout, out var logout) || logout.ValueKind != JsonValueKind.Object)
        {
            return (null, null, default, "The logout token needs the back-channel logout event (§2.4).");
        }

        if (Text(root, "jti") is not { } jti || Seconds(root, "iat") is not { } issuedAt)
        {
            return (null, null, default, "The logout token needs a jti and an iat (§2.4).");
        }

        if (sub is null && sid is null)
        {
            return (null, null, default, "The logout token needs a sub, a sid or both (§2.4).");
        }

        return (new NetIdentityLogout(jti, issuedAt, sub, sid), configuration.Issuer, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), null);
    }

    private string ClientId => netid.Get(scheme).ClientId;

    private TimeSpan MaxAge => netid.Get(scheme).EventMaxAge;

    /// <summary>
    /// How long after its <c>iat</c> a SET's <c>jti</c> is remembered: 30 days, longer than the
    /// broker retries a delivery (one whose answer was lost comes again with a fresh <c>iat</c>),
    /// and never less than the age after which it is refused anyway (two skews: the iat may be ahead).
    /// </summary>
    private DateTimeOffset KeepUntil(DateTimeOffset issuedAt) =>
        issuedAt + (SetRetention > MaxAge + ClockSkew + ClockSkew ? SetRetention : MaxAge + ClockSkew + ClockSkew);

    private static readonly TimeSpan SetRetention = TimeSpan.FromDays(30);

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration Configuration)> ValidateAsync(
        object token, Func<OpenIdConnectConfiguration, TokenValidationParameters> parameters, CancellationToken cancellationToken)
    {
        var manager = oidc.Get(scheme).ConfigurationManager
            ?? throw new InvalidOperationException($"The NetIdentity scheme '{scheme}' has no configuration manager.");
        var configuration = await manager.GetConfigurationAsync(cancellationToken);
        var result = await ValidateAsync(token, parameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key not seen yet: the broker may have rotated. Fetch the keys again, once.
            manager.RequestRefresh();
            configuration = await manager.GetConfigurationAsync(cancellationToken);
            result = await ValidateAsync(token, parameters(configuration));
        }

        return (result, configuration);
    }

    private static Task<TokenValidationResult> ValidateAsync(object token, TokenValidationParameters parameters) => token switch
    {
        JsonWebToken jwt => Handler.ValidateTokenAsync(jwt, parameters),
        _ => Handler.ValidateTokenAsync((string)token, parameters),
    };

    private static SecurityEventError ErrorOf(Exception? exception) => exception switch
    {
        SecurityTokenInvalidIssuerException => SecurityEventError.InvalidIssuer("The SET was not issued by the broker this platform logs in with."),
        SecurityTokenInvalidAudienceException => SecurityEventError.InvalidAudience("The SET is not addressed to this platform's client id."),
        SecurityTokenSignatureKeyNotFoundException => SecurityEventError.InvalidKey("The SET's key is not in the broker's JWKS."),
        SecurityTokenInvalidSignatureException or SecurityTokenInvalidSigningKeyException => SecurityEventError.InvalidKey("The SET's signature does not verify with the broker's keys."),
        SecurityTokenInvalidAlgorithmException => SecurityEventError.InvalidKey("The SET must be signed with ES256."),
        SecurityTokenInvalidTypeException => SecurityEventError.InvalidRequest("The JWS header typ must be secevent+jwt (RFC 8417 §2.3)."),
        _ => SecurityEventError.InvalidRequest("The SET could not be validated."),
    };

    /// <summary>The claims beyond what the handler checks: iat, jti, and the one event, of a type the client knows.</summary>
    private (ReceivedSet? Event, SecurityEventError? Error) ReadSet(JsonWebToken jwt, string issuer)
    {
        using var payload = Payload(jwt);
        var root = payload.RootElement;
        var now = time.GetUtcNow();
        if (Seconds(root, "iat") is not { } issuedAt || issuedAt > now + ClockSkew)
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs an iat that is not in the future (RFC 8417 §2.2)."));
        }

        // The broker signs every delivery afresh (a retry, a dead letter retried weeks later, a
        // poll), so only a replay arrives old: refused, whatever the deduplicator still remembers.
        var oldest = MaxAge + ClockSkew;
        if (issuedAt < now - oldest)
        {
            return (null, SecurityEventError.InvalidRequest(
                $"The SET was issued (iat) more than {(long)oldest.TotalSeconds} s ago: the broker signs every delivery afresh, so an older SET is refused as a possible replay (docs/events.md)."));
        }

        if (Text(root, "jti") is not { } jti)
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs a jti (RFC 8417 §2.2)."));
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object || !events.EnumerateObject().Any())
        {
            return (null, SecurityEventError.InvalidRequest("The SET needs an events object (RFC 8417 §2.2)."));
        }

        // One event per SET (the broker sends no other): several, or an unknown type, is refused.
        var only = events.EnumerateObject().ToList();
        if (only.Count != 1 || !Known.Contains(only[0].Name))
        {
            return (null, SecurityEventError.InvalidRequest("The SET must carry one event of a type this platform knows: " + string.Join(", ", Known) + "."));
        }

        var (type, body) = (only[0].Name, only[0].Value);
        if (type == NetIdentitySecurityEvents.ConsentWithdrawn)
        {
            var withdrawal = ReadWithdrawal(body, issuer, jti, issuedAt);
            if (withdrawal is null)
            {
                return (null, SecurityEventError.InvalidRequest("The consent-withdrawn event needs subject (format iss_sub, the broker's iss, a sub), scopes, consent_id and withdrawn_at (docs/events.md)."));
            }

            // On a stream the subject is also the top-level sub_id (SSF 1.0 §4.1): it must name the same person.
            if (root.TryGetProperty("sub_id", out var streamSubject))
            {
                if (streamSubject.ValueKind != JsonValueKind.Object || Text(streamSubject, "format") != "iss_sub"
                    || Text(streamSubject, "iss") != issuer || Text(streamSubject, "sub") != withdrawal.Subject)
                {
                    return (null, SecurityEventError.InvalidRequest("The SET's sub_id must be the event's subject (format iss_sub, the broker's iss, the same sub) (SSF 1.0 §4.1)."));
                }

                withdrawal = withdrawal with { OnStream = true };
            }

            return (new ReceivedSet(jti, issuedAt) { KeepUntil = KeepUntil(issuedAt), Withdrawal = withdrawal }, null);
        }

        if (type == NetIdentitySecurityEvents.SessionRevoked)
        {
            if (body.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sub_id", out var subject) || subject.ValueKind != JsonValueKind.Object
                || Text(subject, "format") != "iss_sub" || Text(subject, "iss") != issuer || Text(subject, "sub") is not { } sub)
            {
                return (null, SecurityEventError.InvalidRequest("The session-revoked event needs sub_id (format iss_sub, the broker's iss, a sub) (docs/events.md)."));
            }

            return (new ReceivedSet(jti, issuedAt) { KeepUntil = KeepUntil(issuedAt), SessionRevoked = new NetIdentitySessionRevoked(jti, issuedAt, sub, Seconds(body, "event_timestamp") ?? issuedAt) }, null);
        }

        if (!root.TryGetProperty("sub_id", out var stream) || stream.ValueKind != JsonValueKind.Object
            || Text(stream, "format") != "opaque" || Text(stream, "id") is not { } streamId || body.ValueKind != JsonValueKind.Object)
        {
            return (null, SecurityEventError.InvalidRequest("The verification event needs sub_id (format opaque, the stream id) (SSF 1.0 §8.1.4.1)."));
        }

        return (new ReceivedSet(jti, issuedAt) { KeepUntil = KeepUntil(issuedAt), Verification = new NetIdentityStreamVerification(jti, streamId, Text(body, "state")) }, null);
    }

    private static readonly string[] Known =
        [NetIdentitySecurityEvents.ConsentWithdrawn, NetIdentitySecurityEvents.SessionRevoked, NetIdentitySecurityEvents.Verification];

    private static NetIdentityConsentWithdrawal? ReadWithdrawal(JsonElement body, string issuer, string jti, DateTimeOffset issuedAt)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.Object
            || Text(subject, "format") != "iss_sub" || Text(subject, "iss") != issuer || Text(subject, "sub") is not { } sub
            || !body.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array
            || scopes.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String)
            || Text(body, "consent_id") is not { } consentId
            || Seconds(body, "withdrawn_at") is not { } withdrawnAt)
        {
            return null;
        }

        return new NetIdentityConsentWithdrawal(jti, issuedAt, sub, scopes.EnumerateArray().Select(s => s.GetString()!).ToList(), consentId, withdrawnAt);
    }

    private static JsonDocument Payload(JsonWebToken jwt) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(jwt.EncodedPayload)));

    /// <summary>A NumericDate (RFC 7519 §2) member as a time; null when missing, not a whole number, or out of range.</summary>
    private static DateTimeOffset? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>A non-empty string member; null otherwise.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
