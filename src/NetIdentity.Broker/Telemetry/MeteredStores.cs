using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Telemetry;

/// <summary>
/// Counts at the ports every outcome already passes through, so no flow carries metric calls of
/// its own: each verification attempt ends in the authentication log, each consent decision in
/// the ledger, each login begins as a stored state, each dead letter is written to the outbox.
/// </summary>
internal sealed class MeteredAuthenticationLog(IAuthenticationLog inner, BrokerMetrics metrics) : IAuthenticationLog
{
    public async Task AppendAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(entry, cancellationToken);
        metrics.LoginCompleted(entry.Path, entry.ResultCode);
    }

    public async Task<bool> AppendVerifiedAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken)
    {
        var appended = await inner.AppendVerifiedAsync(entry, cancellationToken);
        if (appended)
        {
            metrics.LoginCompleted(entry.Path, entry.ResultCode);
        }

        return appended;
    }
}

internal sealed class MeteredConsentLedger(IConsentLedger inner, BrokerMetrics metrics) : IConsentLedger
{
    public async Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(record, cancellationToken);
        metrics.ConsentDecided(record.Decision);
    }

    public Task<IReadOnlyList<ConsentRecord>> ForPersonAsync(string personKey, CancellationToken cancellationToken) =>
        inner.ForPersonAsync(personKey, cancellationToken);

    public Task<IReadOnlyList<ConsentRecord>> ForPlatformAsync(string personKey, string clientId, CancellationToken cancellationToken) =>
        inner.ForPlatformAsync(personKey, clientId, cancellationToken);
}

internal sealed class MeteredLoginStates(ILoginStates inner, BrokerMetrics metrics) : ILoginStates
{
    public async Task<bool> CreateAsync(StoredLogin login, CancellationToken cancellationToken)
    {
        var created = await inner.CreateAsync(login, cancellationToken);
        if (created)
        {
            metrics.LoginStarted();
        }

        return created;
    }

    public Task<StoredLogin?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => inner.FindAsync(key, now, cancellationToken);

    public Task<bool> TryReplaceAsync(string key, long expectedVersion, string state, string payload, CancellationToken cancellationToken) =>
        inner.TryReplaceAsync(key, expectedVersion, state, payload, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        inner.TryDeleteAsync(key, expectedVersion, cancellationToken);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.PurgeExpiredAsync(now, cancellationToken);
}

/// <summary>Counts the dead letters as the outbox records them, on the instance that gave up.</summary>
internal sealed class MeteredEventOutbox(IEventOutbox inner, BrokerMetrics metrics) : IEventOutbox
{
    public async Task<bool> DeadLetterAsync(string id, string owner, int attempts, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        var recorded = await inner.DeadLetterAsync(id, owner, attempts, at, reason, cancellationToken);
        if (recorded)
        {
            metrics.OutboxDeadLettered();
        }

        return recorded;
    }

    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.EnqueueAsync(message, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        inner.ClaimAsync(owner, now, lease, max, cancellationToken);

    public Task<bool> MarkDeliveredAsync(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.MarkDeliveredAsync(id, owner, at, cancellationToken);

    public Task<bool> MarkFailedAsync(string id, string owner, int attempts, DateTimeOffset failedAt, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        inner.MarkFailedAsync(id, owner, attempts, failedAt, nextAttemptAt, reason, cancellationToken);

    public Task<OutboxMessage?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<OutboxRetryOutcome> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) => inner.RetryAsync(id, now, cancellationToken);

    public Task<int> RetryDeadAsync(string? clientId, DateTimeOffset now, CancellationToken cancellationToken) => inner.RetryDeadAsync(clientId, now, cancellationToken);

    public Task<OutboxStatistics> StatisticsAsync(CancellationToken cancellationToken) => inner.StatisticsAsync(cancellationToken);
}
