namespace NetIdentity.Broker.Ssf;

/// <summary>
/// The broker as an OpenID Shared Signals Framework 1.0 transmitter (issue 12 §1; docs/events.md,
/// "SSF streams"): its paths, scope, event types and delivery methods.
/// </summary>
public static class SharedSignals
{
    /// <summary>
    /// Transmitter configuration metadata (SSF 1.0 §7.2), under the issuer's host; for an issuer
    /// with a path it is followed by that path (<c>https://h/p/</c>: <c>https://h/.well-known/ssf-configuration/p</c>).
    /// </summary>
    public const string ConfigurationPath = ".well-known/ssf-configuration";

    /// <summary>The issuer's path without its slashes: <c>p</c> for <c>https://h/p/</c>, empty for <c>https://h/</c>.</summary>
    public static string IssuerPath(Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.AbsolutePath.Trim('/');
    }

    /// <summary>Stream management: create (POST), read (GET), update (PATCH), replace (PUT), delete (DELETE) (SSF 1.0 §8.1.1).</summary>
    public const string StreamsPath = "ssf/streams";

    /// <summary>Stream status: read (GET) and update (POST) (SSF 1.0 §8.1.2).</summary>
    public const string StatusPath = "ssf/status";

    /// <summary>Verification: ask for a verification event (SSF 1.0 §8.1.4).</summary>
    public const string VerificationPath = "ssf/verify";

    /// <summary>Where a poll stream's receiver polls (RFC 8936), followed by the stream id.</summary>
    public const string PollPath = "ssf/poll";

    /// <summary>The scope a platform's client credentials token needs to manage its stream and poll it.</summary>
    public const string ManageScope = "ssf.manage";

    /// <summary>The <c>spec_version</c> of the metadata (SSF 1.0 §7.1).</summary>
    public const string SpecVersion = "1_0";

    /// <summary>Push delivery (RFC 8935), as SSF 1.0 §6.1 names it.</summary>
    public const string PushMethod = "urn:ietf:rfc:8935";

    /// <summary>Poll delivery (RFC 8936), as SSF 1.0 §6.1 names it.</summary>
    public const string PollMethod = "urn:ietf:rfc:8936";

    /// <summary>CAEP 1.0 §3.1: the session(s) of the subject at the receiver are revoked.</summary>
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    /// <summary>SSF 1.0 §8.1.4.1: the verification event, answering a verification request with its <c>state</c>.</summary>
    public const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    /// <summary>The opaque subject format (RFC 9493 §3.2.4), which a verification event's <c>sub_id</c> uses for the stream id.</summary>
    public const string OpaqueFormat = "opaque";

    /// <summary>
    /// The event types a stream can deliver (<c>events_supported</c>). Verification events are
    /// sent whatever the stream requested (SSF 1.0 §8.1.4).
    /// </summary>
    public static readonly IReadOnlyList<string> EventsSupported = [Events.SecurityEvents.ConsentWithdrawn, SessionRevoked];

    /// <summary>
    /// The shortest interval between two verification requests (<c>min_verification_interval</c>,
    /// SSF 1.0 §8.1.1): a platform asking more often is answered 429.
    /// </summary>
    public static readonly TimeSpan MinVerificationInterval = TimeSpan.FromSeconds(30);
}
