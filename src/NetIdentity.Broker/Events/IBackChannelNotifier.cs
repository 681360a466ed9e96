using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Tells platforms, over a signed back channel, what they must act on: a Security Event Token
/// (RFC 8417) signed with the broker's token key, queued in the durable outbox and pushed to the
/// platform's <see cref="PlatformOptions.BackChannelEventUri"/> (RFC 8935) until acknowledged.
/// </summary>
public interface IBackChannelNotifier
{
    /// <summary>
    /// Queues a <see cref="SecurityEvents.ConsentWithdrawn"/> event, so the platform deletes what it
    /// kept under <paramref name="scopes"/> for <paramref name="subject"/> (PRODUCT, "Separate
    /// consent and plaintext release"; PIPL Art. 15, 47). The event carries the pairwise subject and
    /// nothing personal. Does nothing when the platform registered no endpoint.
    /// </summary>
    /// <param name="platform">The platform the consent was given to.</param>
    /// <param name="issuer">The broker's issuer (the <c>iss</c> of its ID tokens).</param>
    /// <param name="subject">The person's pairwise <c>sub</c> for that platform.</param>
    /// <param name="scopes">The withdrawn scopes, e.g. <c>netid.age</c>.</param>
    /// <param name="consentId">The ledger id of the grant withdrawn.</param>
    /// <param name="cancellationToken">Cancels queuing.</param>
    /// <returns>The event's <c>jti</c> (also its outbox id), or null when nothing was queued.</returns>
    Task<string?> NotifyConsentWithdrawnAsync(
        PlatformOptions platform,
        Uri issuer,
        string subject,
        IReadOnlyList<string> scopes,
        string consentId,
        CancellationToken cancellationToken);

    /// <summary>
    /// Queues a logout token (OpenID Connect Back-Channel Logout 1.0) for <paramref name="notice"/>,
    /// pushed to the platform's <see cref="PlatformOptions.BackChannelLogoutUri"/> through the same
    /// outbox. Does nothing when the platform registered no logout URI.
    /// </summary>
    /// <param name="platform">The platform to sign the person out of.</param>
    /// <param name="issuer">The broker's issuer.</param>
    /// <param name="notice">Whom and which session (<see cref="NetIdentity.Core.Sessions.LogoutPlan"/>).</param>
    /// <param name="cancellationToken">Cancels queuing.</param>
    /// <returns>The token's <c>jti</c> (also its outbox id), or null when nothing was queued.</returns>
    Task<string?> NotifyLogoutAsync(PlatformOptions platform, Uri issuer, NetIdentity.Core.Sessions.LogoutNotice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a CAEP 1.0 <c>session-revoked</c> event on the platform's SSF stream, when it has one
    /// that delivers it (docs/events.md, "SSF streams"): the person's tokens at the platform were
    /// revoked. Never sent to a registered <c>BackChannelEventUri</c> without a stream.
    /// </summary>
    /// <param name="platform">The platform where the tokens were revoked.</param>
    /// <param name="issuer">The broker's issuer.</param>
    /// <param name="subject">The person's pairwise <c>sub</c> for that platform.</param>
    /// <param name="cancellationToken">Cancels queuing.</param>
    /// <returns>The event's <c>jti</c>, or null when nothing was queued.</returns>
    Task<string?> NotifySessionRevokedAsync(PlatformOptions platform, Uri issuer, string subject, CancellationToken cancellationToken);

    /// <summary>Queues a verification event (SSF 1.0 §8.1.4) on <paramref name="stream"/>, whatever it requested.</summary>
    /// <param name="stream">The platform's stream, enabled or paused.</param>
    /// <param name="issuer">The broker's issuer.</param>
    /// <param name="state">The receiver's <c>state</c>, echoed in the event; may be null.</param>
    /// <param name="cancellationToken">Cancels queuing.</param>
    /// <returns>The event's <c>jti</c>.</returns>
    Task<string> NotifyVerificationAsync(NetIdentity.Core.Streams.StreamConfiguration stream, Uri issuer, string? state, CancellationToken cancellationToken);
}
