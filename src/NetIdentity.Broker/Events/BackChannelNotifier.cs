using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Sessions;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Queues each event's claims in the outbox; <see cref="OutboxDispatcher"/> signs it with the
/// broker's then-active ES256 token key (published in JWKS, so platforms verify it as they verify
/// ID tokens) and pushes it.
/// Queuing, not sending, is what a withdrawal waits for: the platform may be down, and the event
/// must still reach it, once the database has it (at least once, across restarts).
/// </summary>
internal sealed class BackChannelNotifier(
    IEventOutbox outbox,
    TimeProvider time,
    ILogger<BackChannelNotifier> logger) : IBackChannelNotifier
{
    public async Task<string?> NotifyConsentWithdrawnAsync(
        PlatformOptions platform, Uri issuer, string subject, IReadOnlyList<string> scopes, string consentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentException.ThrowIfNullOrWhiteSpace(consentId);
        if (!issuer.IsAbsoluteUri)
        {
            throw new ArgumentException("The issuer must be an absolute URL.", nameof(issuer));
        }

        if (platform.BackChannelEventUri is not { } endpoint)
        {
            Log.NoEndpoint(logger, platform.ClientId, SecurityEvents.ConsentWithdrawn);
            return null;
        }

        var now = time.GetUtcNow();
        var jti = SecurityEventToken.NewId();
        var payload = SecurityEventToken.ConsentWithdrawn(jti, issuer, platform.ClientId, now, subject, scopes, consentId);
        await outbox.EnqueueAsync(
            new OutboxMessage
            {
                Id = jti,
                ClientId = platform.ClientId,
                Endpoint = endpoint,
                Payload = payload,
                CreatedAt = now,
                NextAttemptAt = now,
            },
            cancellationToken);
        Log.Queued(logger, jti, platform.ClientId, SecurityEvents.ConsentWithdrawn);
        return jti;
    }

    public async Task<string?> NotifyLogoutAsync(PlatformOptions platform, Uri issuer, LogoutNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(notice);
        if (!issuer.IsAbsoluteUri)
        {
            throw new ArgumentException("The issuer must be an absolute URL.", nameof(issuer));
        }

        if (notice.ClientId != platform.ClientId)
        {
            throw new ArgumentException("A logout notice goes to the platform it names.", nameof(notice));
        }

        if (platform.BackChannelLogoutUri is not { } endpoint)
        {
            Log.NoLogoutEndpoint(logger, platform.ClientId);
            return null;
        }

        var now = time.GetUtcNow();
        var jti = SecurityEventToken.NewId();
        await outbox.EnqueueAsync(
            new OutboxMessage
            {
                Id = jti,
                Kind = OutboxKind.Logout,
                ClientId = platform.ClientId,
                Endpoint = endpoint,
                Payload = LogoutToken.Claims(jti, issuer, notice),
                CreatedAt = now,
                NextAttemptAt = now,
            },
            cancellationToken);
        Log.Queued(logger, jti, platform.ClientId, SecurityEvents.BackChannelLogout);
        return jti;
    }
}
