using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// What the forum does with the broker's events, which NetIdentity.Client receives, verifies and
/// deduplicates (<c>MapNetIdentityEvents</c>, <c>MapNetIdentityBackChannelLogout</c>;
/// docs/events.md): a consent withdrawal deletes what was kept under its scopes, a logout ends the
/// sessions it names.
/// </summary>
internal sealed class ForumBackChannelHandler(ConsentWithdrawalHandler withdrawals, EndedSessions ended, ILogger<ForumBackChannelHandler> logger)
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
}
