using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Streams;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Streams;

/// <summary>
/// <see cref="IEventStreams"/> in the broker database, shared by every instance. A singleton: each
/// call borrows a pooled context from its own scope. Every query names the platform, so a stream
/// is reached only by its own platform.
/// </summary>
public sealed class EfEventStreams(IServiceScopeFactory scopes) : IEventStreams
{
    /// <inheritdoc/>
    public async Task<bool> CreateAsync(StreamConfiguration stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var record = EventStreamRecord.From(stream);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        if (await db.EventStreams.AnyAsync(s => s.ClientId == stream.ClientId, cancellationToken))
        {
            return false;
        }

        db.EventStreams.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, EventStreamConfiguration.Table))
        {
            // Another instance created the platform's stream between the check and the insert.
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<StreamConfiguration?> ForPlatformAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var record = await db.EventStreams.AsNoTracking().FirstOrDefaultAsync(s => s.ClientId == clientId, cancellationToken);
        return record?.ToStream();
    }

    /// <inheritdoc/>
    public async Task<StreamConfiguration?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var record = await db.EventStreams.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return record?.ToStream();
    }

    /// <inheritdoc/>
    public Task<bool> UpdateAsync(StreamConfiguration stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var changed = EventStreamRecord.From(stream);
        return InTransactionAsync(
            async db =>
            {
                var record = await db.EventStreams.FirstOrDefaultAsync(s => s.Id == stream.Id && s.ClientId == stream.ClientId, cancellationToken);
                if (record is null)
                {
                    return false;
                }

                if (record.Delivery != changed.Delivery || record.EndpointUrl != changed.EndpointUrl)
                {
                    await Queued(db, stream.Id).ExecuteDeleteAsync(cancellationToken);
                }

                record.Delivery = changed.Delivery;
                record.EndpointUrl = changed.EndpointUrl;
                record.AuthorizationHeader = changed.AuthorizationHeader;
                record.EventsRequested = changed.EventsRequested;
                record.Description = changed.Description;
                record.UpdatedAt = changed.UpdatedAt;
                await db.SaveChangesAsync(cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string clientId, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return InTransactionAsync(
            async db =>
            {
                if (await db.EventStreams.Where(s => s.Id == id && s.ClientId == clientId).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    return false;
                }

                await Queued(db, id).ExecuteDeleteAsync(cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> SetStatusAsync(string clientId, string id, StreamStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        Field.Optional(reason, ColumnLengths.StreamText, "A stream's status reason", nameof(reason));
        var when = StoredTime.Normalize(at);
        var value = (int)status;
        return InTransactionAsync(
            async db =>
            {
                var updated = await db.EventStreams
                    .Where(s => s.Id == id && s.ClientId == clientId)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(s => s.Status, value).SetProperty(s => s.StatusReason, reason).SetProperty(s => s.UpdatedAt, when),
                        cancellationToken);
                if (updated == 0)
                {
                    return false;
                }

                // Disabled: "the Transmitter MUST NOT transmit events ... and will not hold any events" (SSF 1.0 §8.1.2.1).
                if (status == StreamStatus.Disabled)
                {
                    await Queued(db, id).ExecuteDeleteAsync(cancellationToken);
                }

                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> TryRecordVerificationAsync(string clientId, string id, DateTimeOffset now, TimeSpan minInterval, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var at = StoredTime.Normalize(now);
        var since = StoredTime.Normalize(now - minInterval);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.EventStreams
            .Where(s => s.Id == id && s.ClientId == clientId && (s.LastVerificationAt == null || s.LastVerificationAt <= since))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastVerificationAt, (DateTimeOffset?)at), cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<PolledEvents> PollAsync(string streamId, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        const int Polled = (int)OutboxKind.Polled;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = await db.EventOutbox.AsNoTracking()
            .Where(m => m.StreamId == streamId && m.Kind == Polled && m.DeliveredAt == null && m.DeadLetteredAt == null)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(max + 1)
            .ToListAsync(cancellationToken);
        return new PolledEvents([.. rows.Take(max).Select(m => m.ToMessage())], rows.Count > max);
    }

    /// <inheritdoc/>
    public async Task<int> AcknowledgeAsync(string streamId, IReadOnlyCollection<string> ids, DateTimeOffset at, string? errorCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return 0;
        }

        const int Polled = (int)OutboxKind.Polled;
        var list = ids.ToList();
        var when = StoredTime.Normalize(at);
        var reason = errorCode is null ? null : Consent.EventOutboxRecord.Reason("setErr:" + errorCode);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.EventOutbox
            .Where(m => m.StreamId == streamId && m.Kind == Polled && m.DeliveredAt == null && list.Contains(m.Id))
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.DeliveredAt, (DateTimeOffset?)when).SetProperty(m => m.LastError, reason),
                cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns true, within the
    /// provider's execution strategy (PostgreSQL retries a transient failure of the whole unit).
    /// </summary>
    private async Task<bool> InTransactionAsync(Func<BrokerDbContext, Task<bool>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await work(db))
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>The stream's events not yet delivered.</summary>
    private static IQueryable<Consent.EventOutboxRecord> Queued(BrokerDbContext db, string streamId) =>
        db.EventOutbox.Where(m => m.StreamId == streamId && m.DeliveredAt == null);
}
