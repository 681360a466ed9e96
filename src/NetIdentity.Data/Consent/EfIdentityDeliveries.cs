using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// Sealed identity waiting for its one delivery, in the broker database (PRODUCT rule 7): the
/// authority's envelope as it came, never opened here, kept at most
/// <see cref="IIdentityDeliveries.Lifetime"/>. A singleton: each call borrows a pooled context from
/// its own scope, and is one statement.
/// </summary>
public sealed class EfIdentityDeliveries : IIdentityDeliveries
{
    private readonly IServiceScopeFactory _scopes;

    public EfIdentityDeliveries(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">
    /// A field is missing or too long, the envelope is empty, or the delivery would expire before
    /// it is created or more than <see cref="IIdentityDeliveries.Lifetime"/> after.
    /// </exception>
    /// <exception cref="InvalidOperationException">Another delivery already has this id.</exception>
    public async Task StoreAsync(IdentityDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var row = IdentityDeliveryRecord.From(delivery);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.IdentityDeliveries.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, IdentityDeliveryConfiguration.Table))
        {
            // A retried commit meeting its own row is this delivery, stored; anything else is a clash.
            db.ChangeTracker.Clear();
            var stored = await db.IdentityDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == row.Id, cancellationToken);
            if (stored is null || !stored.SameAs(row))
            {
                throw new InvalidOperationException($"A delivery with id '{row.Id}' is already waiting. Delivery ids must be unique; make them random.", exception);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One <c>DELETE … RETURNING</c> (PostgreSQL, and SQLite since 3.35): the database lets one
    /// statement delete the row, so of two concurrent takes exactly one gets it, on any number of
    /// instances, without a transaction of our own. The conditions are in the statement, so a
    /// wrong platform or subject, or an expired delivery, deletes nothing: an expired one waits
    /// for <see cref="PurgeExpiredAsync"/>. On PostgreSQL a transient failure is retried; when
    /// the first attempt had in fact deleted the row, the retry finds nothing and the take is
    /// null: a delivery may be lost, never handed out twice.
    /// </remarks>
    public async Task<IdentityDelivery?> TakeAsync(string id, string clientId, string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(subject);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();

        var storedNow = StoredTime.ForRawSql(db.Database, now);
        var taken = await db.IdentityDeliveries
            .FromSql($"""
                DELETE FROM identity_deliveries
                WHERE id = {id} AND client_id = {clientId} AND subject = {subject} AND expires_at > {storedNow}
                RETURNING id, client_id, subject, biz_seq, envelope, created_at, expires_at
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return taken.Count == 1 ? taken[0].ToDelivery() : null;
    }

    /// <inheritdoc/>
    /// <remarks>Expired means <c>expires_at &lt;= now</c>: what <see cref="TakeAsync"/> no longer hands out.</remarks>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(now);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.IdentityDeliveries.Where(d => d.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<int> EraseAsync(string clientId, string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(subject);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.IdentityDeliveries.Where(d => d.ClientId == clientId && d.Subject == subject).ExecuteDeleteAsync(cancellationToken);
    }
}
