using System.Globalization;
using System.Text;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Audit;

/// <summary>
/// A signed statement "chain <see cref="ChainId"/> had reached <see cref="Position"/>, whose hash
/// was <see cref="HeadHash"/>, at <see cref="Time"/>". The chain's own hashes are plain SM3, so
/// whoever can write to the database can rewrite a chain and recompute them; a checkpoint is signed
/// with the broker's SM2 key, which the database does not hold, so a rewritten, shortened or removed
/// chain no longer matches its checkpoints. Checkpoints are themselves one sequence across every
/// chain (<see cref="Sequence"/> 1, 2, 3…, each signing the previous one's hash), so removing a
/// checkpoint in the middle breaks the sequence too. docs/audit.md.
/// </summary>
public sealed record AuditCheckpoint
{
    /// <summary>The first line of every payload: what it is and its version.</summary>
    public const string Format = "netidentity-audit-checkpoint/1";

    /// <summary>1, 2, 3… across all chains, without gaps.</summary>
    public required long Sequence { get; init; }

    public required string ChainId { get; init; }

    /// <summary>The last position of the chain the checkpoint covers (≥ 1).</summary>
    public required long Position { get; init; }

    /// <summary>The hash of the entry at <see cref="Position"/>.</summary>
    public required string HeadHash { get; init; }

    /// <summary>When it was made, UTC, to the microsecond.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Written at a graceful shutdown: the chain ends here, and an entry after it is forged.</summary>
    public required bool Final { get; init; }

    /// <summary><see cref="Hash"/> of the checkpoint <c>Sequence − 1</c>, or <see cref="AuditChain.Genesis"/> for the first.</summary>
    public required string PreviousCheckpointHash { get; init; }

    /// <summary>The signing key's <see cref="AuditKeyId"/>.</summary>
    public required string KeyId { get; init; }

    /// <summary>SM2 with SM3 over <see cref="Payload"/>, DER, default distinguishing id.</summary>
    public byte[] Signature { get; init; } = [];

    /// <summary>
    /// The exact bytes that are signed and hashed: UTF-8 lines <c>key=value</c> ending in a line
    /// feed, in this order. An auditor rebuilds them with <c>printf</c> (docs/audit.md).
    /// </summary>
    public byte[] Payload() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"""
        {Format}
        sequence={Sequence}
        chain={ChainId}
        position={Position}
        head={HeadHash}
        time={FormatTime(Time)}
        final={(Final ? "true" : "false")}
        previous={PreviousCheckpointHash}
        key={KeyId}

        """).ReplaceLineEndings("\n"));

    /// <summary>SM3 of <see cref="Payload"/>, lower-case hex: what the next checkpoint signs as its previous.</summary>
    public string Hash() => Convert.ToHexStringLower(Sm3.Hash(Payload()));

    /// <summary>This checkpoint, signed by <paramref name="key"/> (its <see cref="KeyId"/> set to the key's).</summary>
    public AuditCheckpoint SignWith(AuditSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var named = this with { KeyId = key.KeyId };
        return named with { Signature = key.Sign(named.Payload()) };
    }

    /// <summary>Whether <see cref="Signature"/> is <paramref name="key"/>'s over <see cref="Payload"/>.</summary>
    public bool IsSignedBy(Sm2PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Verify(Payload(), Signature, AuditSigningKey.DistinguishingId);
    }

    /// <summary>ISO 8601 UTC with six fractional digits, e.g. <c>2025-07-15T08:00:00.000000Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
