using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Sessions;
using NetIdentity.Core.Streams;
using NetIdentity.Broker.Ssf;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Queues each event's claims in the outbox; <see cref="OutboxDispatcher"/> signs it with the
/// broker's then-active ES256 token key (published in JWKS, so platforms verify it as they verify
/// ID tokens) and pushes it.
/// Queuing, not sending, is what a withdrawal waits for: the platform may be down, and the event
/// must still reach it, once the database has it (at least once, across restarts).
/// A platform with an SSF stream gets the events the stream delivers on it (pushed or polled);
/// a consent withdrawal the stream does not carry still goes to the registered
/// <see cref="PlatformOptions.BackChannelEventUri"/>, so no stream setting can silence a withdrawal.
/// </summary>
internal sealed class BackChannelNotifier(
    IEventOutbox outbox,
    IEventStreams streams,
    PollWaiters waiters,
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

        var now = time.GetUtcNow();
        var jti = SecurityEventToken.NewId();
        if (await StreamCarryingAsync(platform, SecurityEvents.ConsentWithdrawn, cancellationToken) is { } stream)
        {
            var claims = SecurityEventToken.ConsentWithdrawnOnStream(jti, issuer, platform.ClientId, now, subject, scopes, consentId);
            await EnqueueOnStreamAsync(stream, issuer, jti, claims, now, SecurityEvents.ConsentWithdrawn, cancellationToken);
            return jti;
        }

        if (platform.BackChannelEventUri is not { } endpoint)
        {
            Log.NoEndpoint(logger, platform.ClientId, SecurityEvents.ConsentWithdrawn);
            return null;
        }

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

    public async Task<string?> NotifySessionRevokedAsync(PlatformOptions platform, Uri issuer, string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (await StreamCarryingAsync(platform, SharedSignals.SessionRevoked, cancellationToken) is not { } stream)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var jti = SecurityEventToken.NewId();
        var claims = SecurityEventToken.SessionRevoked(jti, issuer, platform.ClientId, now, subject);
        await EnqueueOnStreamAsync(stream, issuer, jti, claims, now, SharedSignals.SessionRevoked, cancellationToken);
        return jti;
    }

    public async Task<string> NotifyVerificationAsync(StreamConfiguration stream, Uri issuer, string? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(issuer);
        var now = time.GetUtcNow();
        var jti = SecurityEventToken.NewId();
        var claims = SecurityEventToken.Verification(jti, issuer, stream.ClientId, stream.Id, state);
        await EnqueueOnStreamAsync(stream, issuer, jti, claims, now, SharedSignals.Verification, cancellationToken);
        return jti;
    }

    /// <summary>
    /// The platform's stream when it delivers <paramref name="eventType"/> (enabled or paused: a
    /// paused stream holds it), and, pushed, only to an endpoint the platform's registration still
    /// names: an operator who removed the URL stops the pushes there at once (SSRF).
    /// </summary>
    private async Task<StreamConfiguration?> StreamCarryingAsync(PlatformOptions platform, string eventType, CancellationToken cancellationToken)
    {
        if (await streams.ForPlatformAsync(platform.ClientId, cancellationToken) is not { } stream
            || !StreamRules.Carries(stream, SharedSignals.EventsSupported, eventType))
        {
            return null;
        }

        if (stream.Delivery == StreamDelivery.Push && !StreamRules.IsRegisteredPushEndpoint(stream.EndpointUrl!, platform.AllowedPushEndpoints))
        {
            Log.StreamEndpointUnregistered(logger, stream.Id, platform.ClientId, eventType);
            return null;
        }

        return stream;
    }

    /// <summary>Queues on the stream: pushed to its endpoint (RFC 8935), or kept for its poll endpoint (RFC 8936).</summary>
    private async Task EnqueueOnStreamAsync(
        StreamConfiguration stream, Uri issuer, string jti, string claims, DateTimeOffset now, string eventType, CancellationToken cancellationToken)
    {
        var poll = stream.Delivery == StreamDelivery.Poll;
        await outbox.EnqueueAsync(
            new OutboxMessage
            {
                Id = jti,
                Kind = poll ? OutboxKind.Polled : OutboxKind.SecurityEvent,
                ClientId = stream.ClientId,
                StreamId = stream.Id,
                Endpoint = poll ? SsfPaths.PollEndpoint(issuer, stream.Id) : stream.EndpointUrl!,
                Payload = claims,
                CreatedAt = now,
                NextAttemptAt = now,
            },
            cancellationToken);
        Log.Queued(logger, jti, stream.ClientId, eventType);
        if (poll)
        {
            // A long poll of this stream on this instance answers now (RFC 8936 §2.4).
            waiters.Signal(stream.Id);
        }
    }
}
