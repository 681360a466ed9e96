namespace NetIdentity.Broker.Events;

/// <summary>
/// The security events (RFC 8417) the broker pushes to platforms (RFC 8935), and the media types
/// they travel with. Event type URIs are part of the platform contract: docs/events.md.
/// </summary>
public static class SecurityEvents
{
    /// <summary>
    /// A person (or their guardian) withdrew a consent (PIPL Art. 15, 47): the platform must delete
    /// what it kept under the withdrawn scopes for the subject.
    /// </summary>
    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";

    /// <summary>
    /// The event of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4), with an empty
    /// object as its value: end the session named by <c>sid</c>, or every session of <c>sub</c>.
    /// </summary>
    public const string BackChannelLogout = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>The JWS <c>typ</c> of a logout token (Back-Channel Logout 1.0 §2.4, RFC 8725 §3.11).</summary>
    public const string LogoutTokenType = "logout+jwt";

    /// <summary>The JWS <c>typ</c> header of a Security Event Token (RFC 8417 §2.3).</summary>
    public const string TokenType = "secevent+jwt";

    /// <summary>The request body's media type when a SET is pushed (RFC 8935 §2).</summary>
    public const string MediaType = "application/secevent+jwt";

    /// <summary>The subject identifier format of the event's <c>subject</c> (RFC 9493 §3.2.5).</summary>
    public const string IssuerSubjectFormat = "iss_sub";
}
