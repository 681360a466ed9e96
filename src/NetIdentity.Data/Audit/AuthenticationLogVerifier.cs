using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;

namespace NetIdentity.Data.Audit;

/// <summary>
/// Re-reads a chain of the authentication log and recomputes every hash with
/// <see cref="AuditChain.Hash"/>, for an auditor or before the log is handed to an authority
/// (PRODUCT rule 6). A changed, removed or reordered row breaks the chain at that row; removing
/// the newest rows of a chain cannot be seen from the chain alone, nor a chain rewritten with its
/// hashes recomputed: <see cref="VerifyAsync"/> also holds every chain to its signed checkpoints.
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
    /// Verifies the whole log: the checkpoint sequence (<see cref="CheckpointLedger"/>) and every
    /// chain, including chains that only a checkpoint still names (<see cref="ChainWalk"/>).
    /// Checkpoints are read into memory, entries are streamed.
    /// </summary>
    /// <param name="trustedKeys">The keys checkpoints may be signed with, by <see cref="AuditKeyId"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<AuditLogReport> VerifyAsync(IReadOnlyDictionary<string, Sm2PublicKey> trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
        var ledger = CheckpointLedger.Check(checkpoints.Select(c => c.ToCheckpoint()), trustedKeys);

        var chains = (await GetChainIdsAsync(cancellationToken)).Union(ledger.Chains, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var reports = new List<ChainReport>();
        foreach (var chainId in chains)
        {
            var walk = new ChainWalk(chainId, ledger);
            var rows = db.AuthenticationLog.AsNoTracking().Where(r => r.ChainId == chainId).OrderBy(r => r.Position).AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                walk.Add(row.Position, row.PreviousHash, row.Hash, row.ToEntry());
            }

            reports.Add(walk.Finish());
        }

        return new AuditLogReport(reports, ledger.Findings, ledger.Count, ledger.Last);
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
