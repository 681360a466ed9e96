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
/// Two instances polling at once may both get a due message and both push it. A SET has a unique
/// <c>jti</c>, so a platform recognises the second copy (RFC 8935 §2.2); no lease is taken here.
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
    /// <remarks>Oldest by creation time; messages created at the same instant in id order.</remarks>
    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var at = StoredTime.Normalize(now);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = await db.EventOutbox
            .AsNoTracking()
            .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= at)
            .OrderBy(m => m.CreatedAt)
            .ThenBy(m => m.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(m => m.ToMessage());
    }

    /// <inheritdoc/>
    /// <remarks>The first delivery time stays: marking a delivered (or unknown) message again changes nothing.</remarks>
    public async Task MarkDeliveredAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var deliveredAt = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.EventOutbox
            .Where(m => m.Id == id && m.DeliveredAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.DeliveredAt, (DateTimeOffset?)deliveredAt), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Stores <paramref name="attempts"/> as given (the sender counts). A delivered message is
    /// left alone: a late failure report from another instance must not schedule it again. A
    /// reason longer than 256 characters is cut.
    /// </remarks>
    public async Task MarkFailedAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        ArgumentNullException.ThrowIfNull(reason);
        var next = StoredTime.Normalize(nextAttemptAt);
        var lastError = EventOutboxRecord.Reason(reason);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.EventOutbox
            .Where(m => m.Id == id && m.DeliveredAt == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LastError, lastError),
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
