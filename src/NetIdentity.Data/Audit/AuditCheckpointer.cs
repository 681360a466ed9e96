using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.Core.Audit;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Audit;

/// <summary>
/// Signs the heads of the chains this process wrote into <c>audit_checkpoints</c>: one checkpoint per
/// chain that advanced since its last one, or, at shutdown, a final one for the current chain. The
/// head comes from <see cref="EfAuthenticationLog.Heads"/> (what this process appended), never from
/// the rows, so a checkpoint cannot bless rows someone changed. Checkpoints of all instances form one
/// sequence: each takes the next number after the newest stored one and signs that one's hash; the
/// number is the primary key, so of two instances racing for it one retries. A singleton.
/// </summary>
public sealed class AuditCheckpointer : IDisposable
{
    private const int Attempts = 5;

    private readonly IServiceScopeFactory _scopes;
    private readonly EfAuthenticationLog _log;
    private readonly AuditSigningKey _key;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditCheckpointer> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Guarded by _gate.
    private readonly Dictionary<string, (long Position, bool Final)> _signed = new(StringComparer.Ordinal);
    private (long Sequence, string Hash)? _lastWritten;

    public AuditCheckpointer(
        IServiceScopeFactory scopes,
        EfAuthenticationLog log,
        AuditSigningKey key,
        ILogger<AuditCheckpointer> logger,
        TimeProvider? time = null)
    {
        _scopes = scopes;
        _log = log;
        _key = key;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Writes a checkpoint for every chain of this process that advanced since its last one; with
    /// <paramref name="final"/> (graceful shutdown), the current chain's checkpoint is final even if
    /// it did not advance. Returns what it wrote.
    /// </summary>
    public async Task<IReadOnlyList<AuditCheckpoint>> CheckpointAsync(bool final, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var written = new List<AuditCheckpoint>();
            var current = _log.ChainId;
            foreach (var head in _log.Heads())
            {
                // A chain closed after a failure may have one more row than the head (the append
                // whose outcome was unknown), so only the current chain is ever closed as final.
                var isFinal = final && string.Equals(head.ChainId, current, StringComparison.Ordinal);
                var signed = _signed.GetValueOrDefault(head.ChainId);
                if (head.Position < signed.Position || (head.Position == signed.Position && (!isFinal || signed.Final)))
                {
                    _log.Checkpointed(head);
                    continue;
                }

                written.Add(await AppendAsync(head, isFinal, cancellationToken));
                _signed[head.ChainId] = (head.Position, isFinal);
                _log.Checkpointed(head);
            }

            return written;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<AuditCheckpoint> AppendAsync(ChainHead head, bool final, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var newest = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
            var (sequence, previous) = (newest?.Sequence ?? 0, newest is null ? AuditChain.Genesis : newest.ToCheckpoint().Hash());
            if (_lastWritten is { } mine && mine.Sequence > sequence)
            {
                // Someone deleted the newest checkpoints. Chaining onto what is left would hide it;
                // chaining onto our own last one leaves a gap that verification reports.
                Log.CheckpointsRolledBack(_logger, mine.Sequence, sequence);
                (sequence, previous) = mine;
            }

            var checkpoint = new AuditCheckpoint
            {
                Sequence = sequence + 1,
                ChainId = head.ChainId,
                Position = head.Position,
                HeadHash = head.Hash,
                Time = StoredTime.Normalize(_time.GetUtcNow()),
                Final = final,
                PreviousCheckpointHash = previous,
                KeyId = _key.KeyId,
            }.SignWith(_key);

            db.AuditCheckpoints.Add(AuditCheckpointRecord.From(checkpoint));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < Attempts && UniqueViolation.IsOn(exception, AuditCheckpointConfiguration.Table))
            {
                // Another instance took the number; read the new newest and try again.
                continue;
            }

            _lastWritten = (checkpoint.Sequence, checkpoint.Hash());
            Log.CheckpointWritten(_logger, checkpoint.Sequence, checkpoint.ChainId, checkpoint.Position, checkpoint.Final);
            return checkpoint;
        }
    }
}
