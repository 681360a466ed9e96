using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// The consent ledger in the broker database (PIPL Art. 14, 15, 29, 31). Append-only: this store
/// has no update and no delete, and its table is reachable through it alone; a withdrawal is a new
/// entry. A singleton: each call borrows a pooled context from its own scope, and is one query.
/// </summary>
public sealed class EfConsentLedger : IConsentLedger
{
    private readonly IServiceScopeFactory _scopes;

    public EfConsentLedger(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A field is missing, too long or out of range.</exception>
    /// <exception cref="InvalidOperationException">Another entry already has this id: entries are never replaced.</exception>
    public async Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var row = ConsentLedgerRecord.From(record);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.ConsentLedger.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, ConsentLedgerConfiguration.Table))
        {
            // On PostgreSQL a commit whose answer was lost is retried and meets its own row: that
            // is this entry, stored. Any other row with this id stays as it is.
            db.ChangeTracker.Clear();
            var stored = await db.ConsentLedger.AsNoTracking().FirstOrDefaultAsync(r => r.Id == row.Id, cancellationToken);
            if (stored is null || !stored.SameAs(row))
            {
                throw new InvalidOperationException(
                    $"The consent ledger already holds an entry with id '{row.Id}'. Entries are never replaced: "
                    + "record a new decision as a new entry with a new id.",
                    exception);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Entries of the same instant come in descending id order, so the order is stable.</remarks>
    public async Task<IReadOnlyList<ConsentRecord>> ForPersonAsync(string personKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(personKey);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = await db.ConsentLedger
            .AsNoTracking()
            .Where(r => r.PersonKey == personKey || r.GuardianKey == personKey)
            .OrderByDescending(r => r.Time)
            .ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => r.ToConsentRecord());
    }

    /// <inheritdoc/>
    /// <remarks>Entries of the same instant come in descending id order, so the order is stable.</remarks>
    public async Task<IReadOnlyList<ConsentRecord>> ForPlatformAsync(string personKey, string clientId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(personKey);
        ArgumentException.ThrowIfNullOrEmpty(clientId);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = await db.ConsentLedger
            .AsNoTracking()
            .Where(r => r.PersonKey == personKey && r.ClientId == clientId)
            .OrderByDescending(r => r.Time)
            .ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => r.ToConsentRecord());
    }
}
