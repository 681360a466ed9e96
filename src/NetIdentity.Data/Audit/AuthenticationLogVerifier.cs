using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;

namespace NetIdentity.Data.Audit;

/// <summary>
/// Re-reads a chain of the authentication log and recomputes every hash with
/// <see cref="AuditChain.Hash"/>, for an auditor or before the log is handed to an authority
/// (PRODUCT rule 6). A changed, removed or reordered row breaks the chain at that row; removing
/// the newest rows of a chain cannot be seen from the chain alone.
/// </summary>
public sealed class AuthenticationLogVerifier
{
    private readonly IServiceScopeFactory _scopes;

    public AuthenticationLogVerifier(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <summary>Every chain in the log, one per broker process that wrote to it.</summary>
    public async Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.AuthenticationLog
            .Select(r => r.ChainId)
            .Distinct()
            .OrderBy(id => id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The first position of <paramref name="chainId"/> whose row is missing or does not hash to
    /// its stored hash, or <c>null</c> when the whole chain is intact (or has no row).
    /// </summary>
    public async Task<long?> FindFirstBrokenPositionAsync(string chainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var rows = db.AuthenticationLog
            .AsNoTracking()
            .Where(r => r.ChainId == chainId)
            .OrderBy(r => r.Position)
            .AsAsyncEnumerable();

        var expectedPosition = 1L;
        var previousHash = AuditChain.Genesis;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Position != expectedPosition || !string.Equals(row.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return expectedPosition;
            }

            var hash = AuditChain.Hash(previousHash, chainId, row.Position, row.ToEntry());
            if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
            {
                return row.Position;
            }

            previousHash = row.Hash;
            expectedPosition++;
        }

        return null;
    }
}
