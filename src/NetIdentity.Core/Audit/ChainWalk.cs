namespace NetIdentity.Core.Audit;

/// <summary>
/// Verifies one chain, entry by entry in ascending position, against itself (each hash recomputed
/// with <see cref="AuditChain.Hash"/>) and against its trusted checkpoints: an entry a checkpoint
/// covers must have the hash the checkpoint signed, every position up to the highest checkpointed
/// one must still be there, and nothing may follow a final checkpoint. After the first broken entry
/// the rest of the chain cannot be judged by its hashes; its length still is.
/// </summary>
public sealed class ChainWalk
{
    private readonly string _chainId;
    private readonly Dictionary<long, List<AuditCheckpoint>> _atPosition = [];
    private readonly AuditCheckpoint? _highest;
    private readonly AuditCheckpoint? _final;
    private readonly List<AuditFinding> _findings = [];
    private long _expected = 1;
    private string _previousHash = AuditChain.Genesis;
    private bool _broken;
    private long _last;
    private long _count;

    public ChainWalk(string chainId, CheckpointLedger ledger)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        ArgumentNullException.ThrowIfNull(ledger);
        _chainId = chainId;
        foreach (var checkpoint in ledger.Trusted(chainId))
        {
            if (!_atPosition.TryGetValue(checkpoint.Position, out var list))
            {
                _atPosition[checkpoint.Position] = list = [];
            }

            list.Add(checkpoint);
            if (_highest is null || checkpoint.Position > _highest.Position)
            {
                _highest = checkpoint;
            }

            if (checkpoint.Final && (_final is null || checkpoint.Position > _final.Position))
            {
                _final = checkpoint;
            }
        }
    }

    /// <summary>The next entry of the chain, in ascending position.</summary>
    /// <param name="position">The entry's stored position.</param>
    /// <param name="previousHash">The entry's stored previous hash.</param>
    /// <param name="hash">The entry's stored hash.</param>
    /// <param name="entry">The entry's fields, as stored.</param>
    public void Add(long position, string previousHash, string hash, AuthenticationLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _count++;
        _last = position;
        if (_broken)
        {
            return;
        }

        if (position != _expected)
        {
            Fail(AuditProblem.EntryMissing, $"entry {_expected} is missing");
            return;
        }

        if (!string.Equals(previousHash, _previousHash, StringComparison.Ordinal)
            || !string.Equals(AuditChain.Hash(_previousHash, _chainId, position, entry), hash, StringComparison.Ordinal))
        {
            Fail(AuditProblem.EntryAltered, $"entry {position} does not hash to its stored hash");
            return;
        }

        if (_atPosition.TryGetValue(position, out var checkpoints)
            && checkpoints.FirstOrDefault(c => !string.Equals(c.HeadHash, hash, StringComparison.Ordinal)) is { } differs)
        {
            Fail(AuditProblem.CheckpointMismatch, $"entry {position} differs from the head hash signed in checkpoint {differs.Sequence}: the chain was rewritten");
            return;
        }

        _previousHash = hash;
        _expected++;
    }

    /// <summary>The verdict, once every entry was added.</summary>
    public ChainReport Finish()
    {
        if (_highest is not null && _last < _highest.Position)
        {
            _findings.Add(new AuditFinding(
                AuditProblem.ChainTruncated,
                $"checkpoint {_highest.Sequence} covers position {_highest.Position} but the chain ends at position {_last}: entries were removed"));
        }

        if (_final is not null && _last > _final.Position)
        {
            _findings.Add(new AuditFinding(
                AuditProblem.EntryAfterFinalCheckpoint,
                $"{_last - _final.Position} entry(ies) follow the final checkpoint {_final.Sequence} (position {_final.Position}): they were not written by the broker"));
        }

        return new ChainReport(_chainId, _count, _last, _highest?.Position ?? 0, _final is not null, _findings);
    }

    private void Fail(AuditProblem problem, string message)
    {
        _broken = true;
        _findings.Add(new AuditFinding(problem, message));
    }
}

/// <summary>One chain's verdict.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Entries">How many entries it has.</param>
/// <param name="LastPosition">Its highest position (0 when it has none).</param>
/// <param name="CheckpointedTo">The highest position a trusted checkpoint covers (0 when none does).</param>
/// <param name="Closed">Whether a final checkpoint (graceful shutdown) closed it.</param>
/// <param name="Findings">What is wrong with it; empty when it is intact.</param>
public sealed record ChainReport(string ChainId, long Entries, long LastPosition, long CheckpointedTo, bool Closed, IReadOnlyList<AuditFinding> Findings)
{
    public bool IsIntact => Findings.Count == 0;

    /// <summary>Entries past the last checkpoint: intact as far as the chain shows, but not yet signed for.</summary>
    public long NotYetCheckpointed => Math.Max(0, LastPosition - CheckpointedTo);
}
