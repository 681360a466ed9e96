using Microsoft.Extensions.Options;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Sessions;

namespace NetIdentity.Broker.Sessions;

/// <summary>
/// Back-channel logout (OpenID Connect Back-Channel Logout 1.0; issue 12 §2; docs/events.md,
/// "Back-channel logout"). NetIdentity keeps no single sign-on session, so "signing out at the
/// broker" is the person's own act on <c>/my</c>: sign out of every platform, or withdraw
/// everything from one. Each login at a platform registered for it gets a random <c>sid</c>,
/// noted here; a sign-out queues one logout token per noted login through the security event
/// outbox, and forgets them. A platform that ends a session itself (RP-initiated logout) only
/// makes the broker forget it: nobody else shared it.
/// </summary>
public sealed class PlatformLogout(
    IPlatformSessions sessions,
    IBackChannelNotifier notifier,
    PlatformCatalog platforms,
    IOptions<BackChannelEventOptions> options,
    TimeProvider time,
    ILogger<PlatformLogout> logger)
{
    /// <summary>
    /// For a login about to receive its code: a fresh <c>sid</c>, noted, when the platform
    /// registered a back-channel logout URI; null otherwise (then the ID token carries no <c>sid</c>).
    /// </summary>
    public async Task<string?> BeginAsync(PlatformOptions platform, string subject, string personKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.BackChannelLogoutUri is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var sid = PlatformSession.NewSid();
        await sessions.AddAsync(
            new PlatformSession
            {
                Sid = sid,
                ClientId = platform.ClientId,
                Subject = subject,
                PersonKey = personKey,
                CreatedAt = now,
                ExpiresAt = now + options.Value.LogoutSessionLifetime,
            },
            cancellationToken);
        return sid;
    }

    /// <summary>
    /// "Sign out of every platform" on <c>/my</c>: a logout token for each noted login of the person
    /// at each platform (none for a platform where none is noted: the broker does not know the person
    /// there). Returns how many were queued.
    /// </summary>
    public async Task<int> SignOutEverywhereAsync(string personKey, Uri issuer, CancellationToken cancellationToken)
    {
        var known = await sessions.ForPersonAsync(personKey, clientId: null, time.GetUtcNow(), cancellationToken);
        var notices = known
            .GroupBy(s => (s.ClientId, s.Subject))
            .SelectMany(g => platforms.Find(g.Key.ClientId) is { } platform
                ? LogoutPlan.For(g.Key.ClientId, g.Key.Subject, g, platform.BackChannelLogoutSessionRequired, whenNoneKnown: false)
                : [])
            .ToList();

        // CAEP session-revoked on an SSF stream that asks for it: only where a login is known,
        // as for the logout tokens (telling another platform would link the person's accounts).
        foreach (var (clientId, subject) in known.Select(s => (s.ClientId, s.Subject)).Distinct())
        {
            if (platforms.Find(clientId) is { } platform)
            {
                await notifier.NotifySessionRevokedAsync(platform, issuer, subject, cancellationToken);
            }
        }

        return await SendAsync(notices, known, issuer, cancellationToken);
    }

    /// <summary>
    /// The person withdrew everything from <paramref name="platform"/> (or a guardian withdrew the
    /// approval a child's use rests on): every noted login there is signed out, and when none is
    /// noted, every session of the subject (unless the platform requires a <c>sid</c>); a
    /// <c>session-revoked</c> event goes on the platform's SSF stream if it asks for it.
    /// </summary>
    public async Task<int> SignOutAsync(PlatformOptions platform, string subject, string personKey, Uri issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var known = await sessions.ForPersonAsync(personKey, platform.ClientId, time.GetUtcNow(), cancellationToken);

        // Every token of the subject at the platform is revoked by now: CAEP session-revoked on
        // the platform's SSF stream when it asks for it (docs/events.md, "SSF streams").
        await notifier.NotifySessionRevokedAsync(platform, issuer, subject, cancellationToken);
        var notices = LogoutPlan.For(platform.ClientId, subject, known, platform.BackChannelLogoutSessionRequired, whenNoneKnown: true);
        return await SendAsync(notices, known.Where(s => s.Subject == subject).ToList(), issuer, cancellationToken);
    }

    /// <summary>RP-initiated logout with an <c>id_token_hint</c> that named <paramref name="sid"/>: the platform ended it; forget it.</summary>
    public async Task EndedByPlatformAsync(string sid, string clientId, CancellationToken cancellationToken)
    {
        if (await sessions.RemoveAsync(sid, clientId, cancellationToken))
        {
            Log.SessionEnded(logger, clientId);
        }
    }

    /// <summary>Queues first, forgets after: a failure between them leaves a note that a later sign-out names again (at least once).</summary>
    private async Task<int> SendAsync(IReadOnlyList<LogoutNotice> notices, IReadOnlyList<PlatformSession> known, Uri issuer, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var notice in notices)
        {
            if (platforms.Find(notice.ClientId) is { } platform
                && await notifier.NotifyLogoutAsync(platform, issuer, notice, cancellationToken) is not null)
            {
                queued++;
            }
        }

        var forgotten = await sessions.RemoveAsync([.. known.Select(s => s.Sid)], cancellationToken);
        Log.SignedOut(logger, queued, notices.Select(n => n.ClientId).Distinct(StringComparer.Ordinal).Count(), forgotten);
        return queued;
    }
}
