using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// The back-channel event outbox in the broker database: security events (RFC 8417) kept until
/// the platform acknowledges them (RFC 8935), across restarts and instances. A singleton: each
/// call borrows a pooled context from its own scope, and is one statement.
/// </summary>
/// <remarks>
/// Instances share it by leases: an instance claims due messages for a while (<see cref="ClaimAsync"/>),
/// and only the holder of a message's lease records its outcome. An instance that dies holding
/// leases delays its messages until the leases run out; then another claims them.
/// </remarks>
public sealed class EfEventOutbox : IEventOutbox
{
    private readonly IServiceScopeFactory _scopes;

    public EfEventOutbox(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A field is missing, too long or out of range, or the endpoint is not absolute.</exception>
    /// <exception cref="InvalidOperationException">Another message already has this id.</exception>
    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var row = EventOutboxRecord.From(message);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.EventOutbox.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, EventOutboxConfiguration.Table))
        {
            // A retried commit meeting its own row is this message, stored; anything else is a clash.
            db.ChangeTracker.Clear();
            var stored = await db.EventOutbox.AsNoTracking().FirstOrDefaultAsync(m => m.Id == row.Id, cancellationToken);
            if (stored is null || !stored.SameAs(row))
            {
                throw new InvalidOperationException($"The outbox already holds a message with id '{row.Id}'. Message ids must be unique; make them random.", exception);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One statement: <c>UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *</c>. On PostgreSQL the
    /// inner select takes its rows <c>FOR UPDATE SKIP LOCKED</c>: a row another instance is claiming
    /// is skipped, not waited for, and a row it claimed meanwhile is read again after its commit and
    /// no longer matches (its lease is not free), so no event is claimed twice. SQLite runs one
    /// writer at a time, so the statement alone is enough there. Oldest by creation time first;
    /// events created at the same instant in id order. Never an event waiting for a poll (kind 2,
    /// RFC 8936: the receiver fetches it), nor one on a stream that is not enabled (paused: held
    /// until it is enabled again; SSF 1.0 §8.1.2). On PostgreSQL a transient failure is
    /// retried; if the first attempt had in fact claimed events, they wait for their lease to run
    /// out and are sent then: late, never twice at once.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        Field.Required(owner, ColumnLengths.LeaseOwner, "A lease owner", nameof(owner));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var at = StoredTime.Normalize(now);
        var until = StoredTime.Normalize(now + lease);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();

        // Raw SQL bypasses the model's value converters, so instants are passed as each provider
        // stores them: UTC ticks on SQLite (UtcTicksConverter), timestamptz on PostgreSQL.
        var claimed = db.Database.IsSqlite()
            ? db.EventOutbox.FromSql($"""
                UPDATE event_outbox SET lease_owner = {owner}, lease_expires_at = {until.UtcTicks}
                WHERE id IN (
                    SELECT id FROM event_outbox
                    WHERE delivered_at IS NULL AND dead_lettered_at IS NULL AND next_attempt_at <= {at.UtcTicks}
                      AND (lease_expires_at IS NULL OR lease_expires_at <= {at.UtcTicks})
                      AND kind <> 2
                      AND (stream_id IS NULL OR stream_id NOT IN (SELECT s.id FROM ssf_streams s WHERE s.status <> 0))
                    ORDER BY created_at, id
                    LIMIT {max})
                RETURNING *
                """)
            : db.EventOutbox.FromSql($"""
                UPDATE event_outbox SET lease_owner = {owner}, lease_expires_at = {until}
                WHERE id IN (
                    SELECT id FROM event_outbox
                    WHERE delivered_at IS NULL AND dead_lettered_at IS NULL AND next_attempt_at <= {at}
                      AND (lease_expires_at IS NULL OR lease_expires_at <= {at})
                      AND kind <> 2
                      AND (stream_id IS NULL OR stream_id NOT IN (SELECT s.id FROM ssf_streams s WHERE s.status <> 0))
                    ORDER BY created_at, id
                    LIMIT {max}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """);
        var rows = await claimed.AsNoTracking().ToListAsync(cancellationToken);

        // RETURNING gives no order.
        return [.. rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).Select(m => m.ToMessage())];
    }

    /// <inheritdoc/>
    /// <remarks>A delivered message stays delivered with its first delivery time: marking it again changes nothing.</remarks>
    public async Task<bool> MarkDeliveredAsync(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var deliveredAt = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.EventOutbox
            .Where(m => m.Id == id && m.LeaseOwner == owner && m.DeliveredAt == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.DeliveredAt, (DateTimeOffset?)deliveredAt)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Stores <paramref name="attempts"/> as given (the sender counts). A delivered message is
    /// left alone. A reason longer than 256 characters is cut.
    /// </remarks>
    public async Task<bool> MarkFailedAsync(string id, string owner, int attempts, DateTimeOffset failedAt, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        ArgumentNullException.ThrowIfNull(reason);
        var failed = StoredTime.Normalize(failedAt);
        var next = StoredTime.Normalize(nextAttemptAt);
        var lastError = EventOutboxRecord.Reason(reason);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.EventOutbox
            .Where(m => m.Id == id && m.LeaseOwner == owner && m.DeliveredAt == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LastError, lastError)
                    .SetProperty(m => m.FailingSince, m => m.FailingSince ?? failed)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> DeadLetterAsync(string id, string owner, int attempts, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        ArgumentNullException.ThrowIfNull(reason);
        var deadAt = StoredTime.Normalize(at);
        var lastError = EventOutboxRecord.Reason(reason);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.EventOutbox
            .Where(m => m.Id == id && m.LeaseOwner == owner && m.DeliveredAt == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, lastError)
                    .SetProperty(m => m.FailingSince, m => m.FailingSince ?? deadAt)
                    .SetProperty(m => m.DeadLetteredAt, (DateTimeOffset?)deadAt)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = db.EventOutbox.AsNoTracking();
        if (query.ClientId is { } clientId)
        {
            rows = rows.Where(m => m.ClientId == clientId);
        }

        rows = query.State switch
        {
            OutboxState.Pending => rows.Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id),
            OutboxState.Dead => rows.Where(m => m.DeliveredAt == null && m.DeadLetteredAt != null).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id),
            OutboxState.Delivered => rows.Where(m => m.DeliveredAt != null).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id),
            _ => rows.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id),
        };
        var listed = await rows.Take(query.Limit).ToListAsync(cancellationToken);
        return listed.ConvertAll(m => m.ToMessage());
    }

    /// <inheritdoc/>
    public async Task<OutboxRetryOutcome> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        if (await Retry(db.EventOutbox.Where(m => m.Id == id && m.DeliveredAt == null), now, cancellationToken) == 1)
        {
            return OutboxRetryOutcome.Retried;
        }

        return await db.EventOutbox.AnyAsync(m => m.Id == id, cancellationToken) ? OutboxRetryOutcome.AlreadyDelivered : OutboxRetryOutcome.NotFound;
    }

    /// <inheritdoc/>
    public async Task<int> RetryDeadAsync(string? clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var dead = db.EventOutbox.Where(m => m.DeliveredAt == null && m.DeadLetteredAt != null);
        if (clientId is not null)
        {
            dead = dead.Where(m => m.ClientId == clientId);
        }

        return await Retry(dead, now, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Three small reads: two counts over the due index, and the oldest pending creation time.</remarks>
    public async Task<OutboxStatistics> StatisticsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var undelivered = db.EventOutbox.Where(m => m.DeliveredAt == null);
        var pending = undelivered.Where(m => m.DeadLetteredAt == null);
        var pendingCount = await pending.LongCountAsync(cancellationToken);
        var oldest = await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var deadCount = await undelivered.LongCountAsync(m => m.DeadLetteredAt != null, cancellationToken);
        return new OutboxStatistics(pendingCount, oldest, deadCount);
    }

    /// <summary>Makes the undelivered rows of <paramref name="rows"/> pending and due at <paramref name="now"/>, with a fresh retry schedule.</summary>
    private static Task<int> Retry(IQueryable<EventOutboxRecord> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(now);
        return rows.ExecuteUpdateAsync(
            set => set
                .SetProperty(m => m.NextAttemptAt, at)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.FailingSince, (DateTimeOffset?)null)
                .SetProperty(m => m.DeadLetteredAt, (DateTimeOffset?)null),
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<OutboxMessage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var row = await db.EventOutbox.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return row?.ToMessage();
    }
}
