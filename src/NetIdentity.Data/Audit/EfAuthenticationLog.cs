using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.Core.Audit;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Audit;

/// <summary>
/// The authentication log in the broker database (PRODUCT rule 6). Each instance writes its own
/// hash chain: a random <see cref="ChainId"/>, positions from 1, the first previous-hash
/// <see cref="AuditChain.Genesis"/>. The last hash is kept in memory and appends are serialised
/// inside the process, so an append is one INSERT with no read and no lock shared between
/// instances. A singleton: each append borrows a pooled context from its own scope.
/// </summary>
public sealed class EfAuthenticationLog : IAuthenticationLog, IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<EfAuthenticationLog> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Guarded by _gate.
    private string _chainId;
    private long _position;
    private string _lastHash = AuditChain.Genesis;

    // The newest entry this process stored, for the checkpoint writer; replaced, never mutated.
    private ChainHead? _head;

    // Chains closed after a failed append whose last stored entry still awaits its checkpoint. Guarded by itself.
    private readonly List<ChainHead> _closed = [];

    public EfAuthenticationLog(IServiceScopeFactory scopes, ILogger<EfAuthenticationLog> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _chainId = NewChainId();
        Log.ChainStarted(_logger, _chainId);
    }

    /// <summary>The chain this instance is writing; give it to <see cref="AuthenticationLogVerifier"/>.</summary>
    public string ChainId => Volatile.Read(ref _chainId);

    /// <inheritdoc/>
    public async Task AppendAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await AppendCoreAsync(entry, consumesBizSeq: false, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry has no bizSeq.</exception>
    public Task<bool> AppendVerifiedAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.BizSeq))
        {
            throw new ArgumentException(
                "A verified entry must carry the bizSeq of its credential: that bizSeq is what is marked as used.",
                nameof(entry));
        }

        return AppendCoreAsync(entry, consumesBizSeq: true, cancellationToken);
    }

    /// <summary>
    /// The heads of the chains this process wrote and may still need a checkpoint for: the current
    /// chain (once it has an entry) and any chain closed after a failure. This is the process's own
    /// memory of what it wrote, not a read of the database, so a checkpoint signs what the broker
    /// appended, whatever has since been done to the rows.
    /// </summary>
    public IReadOnlyList<ChainHead> Heads()
    {
        List<ChainHead> heads;
        lock (_closed)
        {
            heads = [.. _closed];
        }

        if (Volatile.Read(ref _head) is { } current)
        {
            heads.Add(current);
        }

        return heads;
    }

    /// <summary>Forgets a closed chain once its last head is checkpointed; the current chain is never forgotten.</summary>
    public void Checkpointed(ChainHead head)
    {
        lock (_closed)
        {
            _closed.Remove(head);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> AppendCoreAsync(AuthenticationLogEntry entry, bool consumesBizSeq, CancellationToken cancellationToken)
    {
        CheckLengths(entry);
        var stored = entry with { Time = StoredTime.Normalize(entry.Time) };

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var position = _position + 1;
            var hash = AuditChain.Hash(_lastHash, _chainId, position, stored);
            var record = new AuthenticationLogRecord
            {
                ChainId = _chainId,
                Position = position,
                Time = stored.Time,
                ClientId = stored.ClientId,
                Path = stored.Path,
                BizSeq = stored.BizSeq,
                Mode = stored.Mode,
                ResultCode = stored.ResultCode,
                Subject = stored.Subject,
                Acr = stored.Acr,
                PreviousHash = _lastHash,
                Hash = hash,
            };

            bool appended;
            try
            {
                appended = await TryInsertAsync(record, consumesBizSeq, cancellationToken);
            }
            catch (Exception exception)
            {
                // A failure on the way back (a lost connection, a cancelled commit) leaves it
                // unknown whether the row was stored. Guessing either way could break the chain or
                // block every later append on the (chain, position) index, so the chain ends here
                // and a new one starts; a verifier sees two intact chains.
                var next = NewChainId();
                Log.ChainClosedAfterFailure(_logger, exception, position, _chainId, next);
                if (Volatile.Read(ref _head) is { } closed)
                {
                    lock (_closed)
                    {
                        _closed.Add(closed);
                    }
                }

                Volatile.Write(ref _head, null);
                Volatile.Write(ref _chainId, next);
                _position = 0;
                _lastHash = AuditChain.Genesis;
                throw;
            }

            if (!appended)
            {
                // Nothing was stored, so the chain stays where it was.
                Log.BizSeqReplayed(_logger, stored.ClientId);
                return false;
            }

            _position = position;
            _lastHash = hash;
            Volatile.Write(ref _head, new ChainHead(_chainId, position, hash));
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stores the row and, when asked, its consumed bizSeq in one SaveChanges, so one transaction.
    /// Returns <c>false</c> when the bizSeq was used before; throws when the outcome is unknown.
    /// </summary>
    private async Task<bool> TryInsertAsync(AuthenticationLogRecord record, bool consumesBizSeq, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.AuthenticationLog.Add(record);
        if (consumesBizSeq)
        {
            db.ConsumedBizSeqs.Add(new ConsumedBizSeq
            {
                BizSeq = record.BizSeq!,
                ClientId = record.ClientId,
                ConsumedAt = record.Time,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (
            UniqueViolation.IsOn(exception, ConsumedBizSeqConfiguration.Table)
            || UniqueViolation.IsOn(exception, AuthenticationLogConfiguration.Table))
        {
            // Usually a replay. But on PostgreSQL, a transient failure during the commit makes the
            // retrying execution strategy repeat the SaveChanges, and when the first attempt had in
            // fact committed, the repeat meets its own row. Look before calling it a replay: this
            // read happens only here, never on the normal path.
            db.ChangeTracker.Clear();
            if (await db.AuthenticationLog.AnyAsync(
                r => r.ChainId == record.ChainId && r.Position == record.Position && r.Hash == record.Hash,
                cancellationToken))
            {
                return true;
            }

            if (consumesBizSeq && UniqueViolation.IsOn(exception, ConsumedBizSeqConfiguration.Table))
            {
                return false;
            }

            throw;
        }
    }

    private static string NewChainId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static void CheckLengths(AuthenticationLogEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.ClientId, nameof(entry));
        ArgumentException.ThrowIfNullOrEmpty(entry.Path, nameof(entry));
        ArgumentException.ThrowIfNullOrEmpty(entry.ResultCode, nameof(entry));
        var problem = TooLong(entry.ClientId, ColumnLengths.ClientId, nameof(entry.ClientId))
            ?? TooLong(entry.Path, ColumnLengths.Path, nameof(entry.Path))
            ?? TooLong(entry.BizSeq, ColumnLengths.BizSeq, nameof(entry.BizSeq))
            ?? TooLong(entry.Mode, ColumnLengths.Mode, nameof(entry.Mode))
            ?? TooLong(entry.ResultCode, ColumnLengths.ResultCode, nameof(entry.ResultCode))
            ?? TooLong(entry.Subject, ColumnLengths.Subject, nameof(entry.Subject))
            ?? TooLong(entry.Acr, ColumnLengths.Acr, nameof(entry.Acr));
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(entry));
        }
    }

    private static string? TooLong(string? value, int maximum, string field) =>
        value is not null && value.Length > maximum
            ? $"The authentication log keeps at most {maximum} characters of {field}; this one has {value.Length}."
            : null;
}

/// <summary>Where a chain stood: its newest entry's position and hash.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Position">The newest entry's position.</param>
/// <param name="Hash">The newest entry's hash.</param>
public sealed record ChainHead(string ChainId, long Position, string Hash);
