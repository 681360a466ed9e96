using NetIdentity.Cryptography;

namespace NetIdentity.Core.Audit;

/// <summary>
/// The checkpoint sequence, checked: numbers without gaps, each signing its predecessor's hash, each
/// signature valid under a trusted key. Only checkpoints whose signature verifies are
/// <see cref="Trusted"/>; chains are then held to those (<see cref="ChainWalk"/>).
/// </summary>
public sealed class CheckpointLedger
{
    private readonly List<AuditFinding> _findings = [];
    private readonly Dictionary<string, List<AuditCheckpoint>> _byChain = new(StringComparer.Ordinal);

    private CheckpointLedger()
    {
    }

    public IReadOnlyList<AuditFinding> Findings => _findings;

    /// <summary>How many checkpoints were read.</summary>
    public int Count { get; private set; }

    /// <summary>The newest checkpoint read, whatever its state; null when there is none.</summary>
    public AuditCheckpoint? Last { get; private set; }

    /// <summary>The checkpoints of <paramref name="chainId"/> whose signature verified, by sequence.</summary>
    public IReadOnlyList<AuditCheckpoint> Trusted(string chainId) =>
        _byChain.TryGetValue(chainId, out var list) ? list : [];

    /// <summary>Every chain some trusted checkpoint names.</summary>
    public IEnumerable<string> Chains => _byChain.Keys;

    /// <summary>Checks <paramref name="checkpoints"/>, which must come in ascending sequence.</summary>
    /// <param name="checkpoints">Every stored checkpoint, ascending by sequence.</param>
    /// <param name="trustedKeys">The keys a checkpoint may be signed with, by <see cref="AuditKeyId"/>.</param>
    public static CheckpointLedger Check(IEnumerable<AuditCheckpoint> checkpoints, IReadOnlyDictionary<string, Sm2PublicKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var ledger = new CheckpointLedger();
        var expected = 1L;
        var previousHash = AuditChain.Genesis;
        foreach (var checkpoint in checkpoints)
        {
            ledger.Count++;
            ledger.Last = checkpoint;
            if (checkpoint.Sequence != expected)
            {
                ledger.Add(AuditProblem.CheckpointMissing, checkpoint.Sequence == expected + 1
                    ? $"checkpoint {expected} is missing"
                    : $"checkpoints {expected} to {checkpoint.Sequence - 1} are missing");
            }
            else if (!string.Equals(checkpoint.PreviousCheckpointHash, previousHash, StringComparison.Ordinal))
            {
                ledger.Add(AuditProblem.CheckpointOutOfSequence, $"checkpoint {checkpoint.Sequence} does not follow checkpoint {checkpoint.Sequence - 1}: the previous-checkpoint hash differs");
            }

            if (!trustedKeys.TryGetValue(checkpoint.KeyId, out var key))
            {
                ledger.Add(AuditProblem.CheckpointKeyUnknown, $"checkpoint {checkpoint.Sequence} is signed by unknown key {checkpoint.KeyId}");
            }
            else if (!checkpoint.IsSignedBy(key))
            {
                ledger.Add(AuditProblem.CheckpointSignatureInvalid, $"checkpoint {checkpoint.Sequence}: the signature does not verify");
            }
            else
            {
                if (!ledger._byChain.TryGetValue(checkpoint.ChainId, out var list))
                {
                    ledger._byChain[checkpoint.ChainId] = list = [];
                }

                list.Add(checkpoint);
            }

            previousHash = checkpoint.Hash();
            expected = checkpoint.Sequence + 1;
        }

        return ledger;
    }

    private void Add(AuditProblem problem, string message) =>
        _findings.Add(new AuditFinding(problem, message));
}
