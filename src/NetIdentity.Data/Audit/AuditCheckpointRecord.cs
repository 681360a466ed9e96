using NetIdentity.Core.Audit;

namespace NetIdentity.Data.Audit;

/// <summary>One row of <c>audit_checkpoints</c>: an <see cref="AuditCheckpoint"/> as stored.</summary>
public sealed class AuditCheckpointRecord
{
    /// <summary>1, 2, 3… across every chain; the primary key, so two instances cannot both take a number.</summary>
    public required long Sequence { get; init; }

    public required string ChainId { get; init; }

    public required long Position { get; init; }

    public required string HeadHash { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required bool Final { get; init; }

    public required string PreviousCheckpointHash { get; init; }

    public required string KeyId { get; init; }

    /// <summary>DER SM2 signature (at most 72 bytes).</summary>
    public required byte[] Signature { get; init; }

    /// <summary><see cref="AuditCheckpoint.Hash"/>, kept so the next checkpoint can chain onto it without recomputing.</summary>
    public required string Hash { get; init; }

    public AuditCheckpoint ToCheckpoint() => new()
    {
        Sequence = Sequence,
        ChainId = ChainId,
        Position = Position,
        HeadHash = HeadHash,
        Time = Time,
        Final = Final,
        PreviousCheckpointHash = PreviousCheckpointHash,
        KeyId = KeyId,
        Signature = Signature,
    };

    public static AuditCheckpointRecord From(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new AuditCheckpointRecord
        {
            Sequence = checkpoint.Sequence,
            ChainId = checkpoint.ChainId,
            Position = checkpoint.Position,
            HeadHash = checkpoint.HeadHash,
            Time = checkpoint.Time,
            Final = checkpoint.Final,
            PreviousCheckpointHash = checkpoint.PreviousCheckpointHash,
            KeyId = checkpoint.KeyId,
            Signature = checkpoint.Signature,
            Hash = checkpoint.Hash(),
        };
    }
}
