using Microsoft.Extensions.Options;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.Audit;

/// <summary>The authentication log's checkpoints (configuration section <c>Broker:Audit</c>; docs/audit.md).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Broker:Audit";

    /// <summary>
    /// How often each instance signs the head of its chain, when it advanced. Entries newer than the
    /// last checkpoint are what an attacker with write access to the database can still remove
    /// unseen, so this is the window of that risk (docs/threat-model.md).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Public keys (PEM) of organisation keys the broker used before the current one: checkpoints
    /// they signed still verify after the organisation key is replaced.
    /// </summary>
    public IList<string> FormerPublicKeys { get; } = [];
}

/// <summary>Refuses an interval that is not one and a former key that is not an SM2 public key.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestInterval = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CheckpointInterval < ShortestInterval || options.CheckpointInterval > LongestInterval)
        {
            failures.Add($"{AuditOptions.SectionName}:CheckpointInterval must be between 00:00:01 and 01:00:00 (default 00:01:00): it bounds how many recent log entries a database writer could remove unseen.");
        }

        for (var i = 0; i < options.FormerPublicKeys.Count; i++)
        {
            if (!Sm2PublicKey.TryFromPem(options.FormerPublicKeys[i], out _))
            {
                failures.Add($"{AuditOptions.SectionName}:FormerPublicKeys:{i} is not an SM2 public key in PEM (-----BEGIN PUBLIC KEY-----).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
