namespace NetIdentity.Core.Audit;

/// <summary>What verification found wrong with the authentication log or its checkpoints.</summary>
public enum AuditProblem
{
    /// <summary>An entry does not hash to its stored hash, or does not follow the entry before it.</summary>
    EntryAltered,

    /// <summary>A position of a chain has no entry while a later one does.</summary>
    EntryMissing,

    /// <summary>An entry's hash differs from the head hash a signed checkpoint recorded for it: the chain was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>A signed checkpoint covers positions the chain no longer has.</summary>
    ChainTruncated,

    /// <summary>Entries follow the checkpoint written when the chain's instance shut down.</summary>
    EntryAfterFinalCheckpoint,

    /// <summary>Checkpoint sequence numbers jump: checkpoints were removed.</summary>
    CheckpointMissing,

    /// <summary>A checkpoint does not sign the hash of the checkpoint before it.</summary>
    CheckpointOutOfSequence,

    /// <summary>A checkpoint's signature does not verify under the key it names.</summary>
    CheckpointSignatureInvalid,

    /// <summary>A checkpoint names a key that is neither the broker's nor a former one it trusts.</summary>
    CheckpointKeyUnknown,
}

/// <summary>One problem, with the sentence <c>netidentity audit verify</c> prints for it.</summary>
public sealed record AuditFinding(AuditProblem Problem, string Message)
{
    public override string ToString() => Message;
}
