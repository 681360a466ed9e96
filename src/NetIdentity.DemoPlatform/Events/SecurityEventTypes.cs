namespace NetIdentity.DemoPlatform.Events;

/// <summary>What the broker's security events look like on the wire (docs/events.md).</summary>
internal static class SecurityEventTypes
{
    /// <summary>The person withdrew a consent: delete what was kept for the subject.</summary>
    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";

    /// <summary>The request body's media type (RFC 8935 §2).</summary>
    public const string MediaType = "application/secevent+jwt";

    /// <summary>The JWS <c>typ</c> of a SET (RFC 8417 §2.3); the long form is allowed too (RFC 7515 §4.1.9).</summary>
    public static readonly IReadOnlyList<string> TokenTypes = ["secevent+jwt", "application/secevent+jwt"];
}

/// <summary>A refused SET, as RFC 8935 §2.4 answers it: <c>{"err": …, "description": …}</c> with 400.</summary>
/// <param name="Err">One of the SET error codes (RFC 8935 §2.4, IANA "Security Event Token Error Codes").</param>
/// <param name="Description">What was wrong, for the transmitter's operator. Never echoes the SET.</param>
internal sealed record SecurityEventError(
    [property: System.Text.Json.Serialization.JsonPropertyName("err")] string Err,
    [property: System.Text.Json.Serialization.JsonPropertyName("description")] string Description)
{
    public static SecurityEventError InvalidRequest(string description) => new("invalid_request", description);

    public static SecurityEventError InvalidKey(string description) => new("invalid_key", description);

    public static SecurityEventError InvalidIssuer(string description) => new("invalid_issuer", description);

    public static SecurityEventError InvalidAudience(string description) => new("invalid_audience", description);
}

/// <summary>A verified consent withdrawal (docs/events.md).</summary>
internal sealed record ConsentWithdrawal(
    string Jti, DateTimeOffset IssuedAt, string Subject, IReadOnlyList<string> Scopes, string ConsentId, DateTimeOffset WithdrawnAt);
