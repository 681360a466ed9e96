namespace NetIdentity.Client;

/// <summary>
/// What the broker's back channel looks like on the wire (docs/events.md): the event types of its
/// Security Event Tokens (RFC 8417) pushed to the platform (RFC 8935), and the back-channel logout
/// event of its logout tokens (OpenID Connect Back-Channel Logout 1.0).
/// </summary>
public static class NetIdentitySecurityEvents
{
    /// <summary>The person withdrew a consent: delete what was kept for the subject under the withdrawn scopes.</summary>
    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";

    /// <summary>
    /// CAEP 1.0 §3.1 <c>session-revoked</c>, on an SSF stream that asked for it: the person's
    /// tokens at this platform were revoked; end their sessions here.
    /// </summary>
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    /// <summary>SSF 1.0 §8.1.4.1: the stream's verification event, answering the platform's verification request.</summary>
    public const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    /// <summary>The event of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4).</summary>
    public const string BackChannelLogout = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>The media type of a pushed SET (RFC 8935 §2).</summary>
    public const string MediaType = "application/secevent+jwt";

    /// <summary>The JWS <c>typ</c> of a SET (RFC 8417 §2.3); the long form is allowed too (RFC 7515 §4.1.9).</summary>
    public static IReadOnlyList<string> SetTypes { get; } = ["secevent+jwt", "application/secevent+jwt"];

    /// <summary>The JWS <c>typ</c> of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4).</summary>
    public const string LogoutTokenType = "logout+jwt";
}

/// <summary>A verified consent withdrawal (docs/events.md, "consent-withdrawn").</summary>
/// <param name="Jti">The SET's <c>jti</c>; unique per event, the same on every delivery of it.</param>
/// <param name="IssuedAt">The SET's <c>iat</c>.</param>
/// <param name="Subject">The person's <c>sub</c> at this platform (pairwise).</param>
/// <param name="Scopes">The withdrawn scopes: delete what was kept under these, and only these.</param>
/// <param name="ConsentId">The broker's id of the withdrawn consent (the receipt's <c>consent_id</c>).</param>
/// <param name="WithdrawnAt">When the person withdrew it.</param>
public sealed record NetIdentityConsentWithdrawal(
    string Jti, DateTimeOffset IssuedAt, string Subject, IReadOnlyList<string> Scopes, string ConsentId, DateTimeOffset WithdrawnAt)
{
    /// <summary>
    /// Whether it came on the platform's SSF stream: the SET carried the top-level <c>sub_id</c> a
    /// stream adds (SSF 1.0 §4.1), naming the same subject. False for one sent to the registered
    /// <c>BackChannelEventUri</c> of a platform without a stream carrying withdrawals.
    /// </summary>
    public bool OnStream { get; init; }
}

/// <summary>A verified CAEP <c>session-revoked</c> event (docs/events.md, "SSF streams"): end every session of <see cref="Subject"/>.</summary>
/// <param name="Jti">The SET's <c>jti</c>.</param>
/// <param name="IssuedAt">The SET's <c>iat</c>.</param>
/// <param name="Subject">The person's <c>sub</c> at this platform (pairwise), from the SET's <c>sub_id</c>.</param>
/// <param name="RevokedAt">The event's <c>event_timestamp</c>: sessions of the subject begun before it end.</param>
public sealed record NetIdentitySessionRevoked(string Jti, DateTimeOffset IssuedAt, string Subject, DateTimeOffset RevokedAt);

/// <summary>A verified SSF verification event (SSF 1.0 §8.1.4): the stream works; <see cref="State"/> is what the platform sent.</summary>
/// <param name="Jti">The SET's <c>jti</c>.</param>
/// <param name="StreamId">The stream (the event's opaque <c>sub_id</c>).</param>
/// <param name="State">The <c>state</c> of the verification request, when it had one.</param>
public sealed record NetIdentityStreamVerification(string Jti, string StreamId, string? State);

/// <summary>
/// A verified logout token (OpenID Connect Back-Channel Logout 1.0 §2.4): end the session
/// <see cref="Sid"/> names, or, when it names none, every session of <see cref="Subject"/>.
/// </summary>
/// <param name="Jti">The logout token's <c>jti</c>.</param>
/// <param name="IssuedAt">The token's <c>iat</c>: sessions of the subject issued before it end.</param>
/// <param name="Subject">The person's <c>sub</c>, when the token has one.</param>
/// <param name="Sid">The broker's session id (the ID token's <c>sid</c>), when the token has one.</param>
public sealed record NetIdentityLogout(string Jti, DateTimeOffset IssuedAt, string? Subject, string? Sid);

/// <summary>
/// What the platform does with a verified, first-seen event from the broker. Registered by the
/// platform (<c>services.AddSingleton&lt;INetIdentityBackChannelHandler, MyHandler&gt;()</c>, or scoped);
/// called by the endpoints <c>MapNetIdentityEvents</c> and <c>MapNetIdentityBackChannelLogout</c>
/// only after the token was verified and its <c>jti</c> not seen before
/// (<see cref="INetIdentityEventDeduplicator"/>). An exception answers 500 and forgets the
/// <c>jti</c>, so the broker's next delivery is acted on.
/// </summary>
public interface INetIdentityBackChannelHandler
{
    /// <summary>The person withdrew a consent: delete what was kept for them under <see cref="NetIdentityConsentWithdrawal.Scopes"/> (PIPL Art. 15, 47).</summary>
    /// <param name="withdrawal">The verified withdrawal.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    Task OnConsentWithdrawnAsync(NetIdentityConsentWithdrawal withdrawal, CancellationToken cancellationToken);

    /// <summary>The broker ended a session (the person signed out, or withdrew everything): end the platform's session(s) it names.</summary>
    /// <param name="logout">The verified logout.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    Task OnLoggedOutAsync(NetIdentityLogout logout, CancellationToken cancellationToken);

    /// <summary>
    /// CAEP <c>session-revoked</c> on the platform's SSF stream: the person's tokens here were revoked
    /// (they withdrew a consent, withdrew everything, or signed out of every platform). By default the
    /// same as a logout token naming the subject alone: <see cref="OnLoggedOutAsync"/> with no <c>sid</c>.
    /// </summary>
    /// <param name="revoked">The verified event.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    Task OnSessionRevokedAsync(NetIdentitySessionRevoked revoked, CancellationToken cancellationToken) =>
        OnLoggedOutAsync(new NetIdentityLogout((revoked ?? throw new ArgumentNullException(nameof(revoked))).Jti, revoked.RevokedAt, revoked.Subject, Sid: null), cancellationToken);

    /// <summary>A verification event on the platform's SSF stream (SSF 1.0 §8.1.4). Nothing to do by default: it is acknowledged.</summary>
    /// <param name="verification">The verified event.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    Task OnStreamVerifiedAsync(NetIdentityStreamVerification verification, CancellationToken cancellationToken) => Task.CompletedTask;
}
