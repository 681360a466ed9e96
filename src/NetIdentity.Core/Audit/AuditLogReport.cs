namespace NetIdentity.Core.Audit;

/// <summary>The verdict on the whole authentication log: every chain, and the checkpoint sequence.</summary>
/// <param name="Chains">Each chain's verdict, by chain id.</param>
/// <param name="CheckpointFindings">What is wrong with the checkpoint sequence itself.</param>
/// <param name="Checkpoints">How many checkpoints there are.</param>
/// <param name="LastCheckpoint">The newest checkpoint: record its sequence and hash elsewhere to detect a later rollback.</param>
public sealed record AuditLogReport(
    IReadOnlyList<ChainReport> Chains,
    IReadOnlyList<AuditFinding> CheckpointFindings,
    int Checkpoints,
    AuditCheckpoint? LastCheckpoint)
{
    public bool IsIntact => CheckpointFindings.Count == 0 && Chains.All(c => c.IsIntact);

    /// <summary>Every finding, checkpoints first.</summary>
    public IEnumerable<AuditFinding> Findings => CheckpointFindings.Concat(Chains.SelectMany(c => c.Findings));
}
