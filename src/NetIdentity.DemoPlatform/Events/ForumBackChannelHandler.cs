using NetIdentity.Client;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// What the forum does with the broker's events, which NetIdentity.Client receives, verifies and
/// deduplicates (<c>MapNetIdentityEvents</c>, <c>MapNetIdentityBackChannelLogout</c>;
/// docs/events.md): a consent withdrawal deletes what was kept under its scopes, a logout or a
/// CAEP <c>session-revoked</c> on the forum's SSF stream ends the sessions it names, and each SET
/// is recorded for <c>/events</c>.
/// </summary>
internal sealed class ForumBackChannelHandler(
    ConsentWithdrawalHandler withdrawals, EndedSessions ended, ReceivedEventStore received, TimeProvider time, ILogger<ForumBackChannelHandler> logger)
    : INetIdentityBackChannelHandler
{
    public Task OnConsentWithdrawnAsync(NetIdentityConsentWithdrawal withdrawal, CancellationToken cancellationToken)
    {
        var deleted = withdrawals.Handle(withdrawal);
        Log.EventHandled(logger, withdrawal.Jti, NetIdentitySecurityEvents.ConsentWithdrawn, deleted.Count);
        return Task.CompletedTask;
    }

    public Task OnLoggedOutAsync(NetIdentityLogout logout, CancellationToken cancellationToken)
    {
        ended.End(logout);
        return Task.CompletedTask;
    }

    /// <summary>Every session of the subject begun before the revocation ends, as a logout naming only the subject would.</summary>
    public Task OnSessionRevokedAsync(NetIdentitySessionRevoked revoked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        ended.End(new NetIdentityLogout(revoked.Jti, revoked.RevokedAt, revoked.Subject, Sid: null));
        received.Add(new ReceivedEvent(
            revoked.Jti, time.GetUtcNow(), revoked.IssuedAt, NetIdentitySecurityEvents.SessionRevoked, revoked.Subject, [], string.Empty, [], OnStream: true));
        Log.EventHandled(logger, revoked.Jti, NetIdentitySecurityEvents.SessionRevoked, 0);
        return Task.CompletedTask;
    }

    /// <summary>Recorded for <c>/events</c>; NetIdentity.Client marks the stream verified when it answers its own request.</summary>
    public Task OnStreamVerifiedAsync(NetIdentityStreamVerification verification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        received.Add(new ReceivedEvent(
            verification.Jti, time.GetUtcNow(), time.GetUtcNow(), NetIdentitySecurityEvents.Verification, verification.StreamId, [], string.Empty, [], OnStream: true));
        Log.EventHandled(logger, verification.Jti, NetIdentitySecurityEvents.Verification, 0);
        return Task.CompletedTask;
    }
}
