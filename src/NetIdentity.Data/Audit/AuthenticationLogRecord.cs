using NetIdentity.Core.Audit;

namespace NetIdentity.Data.Audit;

/// <summary>
/// One row of the hash-chained authentication log (PRODUCT rule 6): an
/// <see cref="AuthenticationLogEntry"/> with its place in its writer's chain. It holds the pairwise
/// subject, never a name, an ID number or a phone (PIPL Art. 6, minimal collection).
/// </summary>
public sealed class AuthenticationLogRecord
{
    public long Id { get; init; }

    /// <summary>The writing instance's chain: 32 lower-case hex digits, random per process.</summary>
    public required string ChainId { get; init; }

    /// <summary>1, 2, 3… within <see cref="ChainId"/>, without gaps.</summary>
    public required long Position { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string ClientId { get; init; }

    public required string Path { get; init; }

    public string? BizSeq { get; init; }

    public string? Mode { get; init; }

    public required string ResultCode { get; init; }

    public string? Subject { get; init; }

    public string? Acr { get; init; }

    /// <summary>The previous row's <see cref="Hash"/>, or <see cref="AuditChain.Genesis"/> at position 1.</summary>
    public required string PreviousHash { get; init; }

    /// <summary><see cref="AuditChain.Hash"/> over <see cref="PreviousHash"/>, the chain, the position and the entry.</summary>
    public required string Hash { get; init; }

    /// <summary>The entry as it was hashed.</summary>
    public AuthenticationLogEntry ToEntry() => new()
    {
        Time = Time,
        ClientId = ClientId,
        Path = Path,
        BizSeq = BizSeq,
        Mode = Mode,
        ResultCode = ResultCode,
        Subject = Subject,
        Acr = Acr,
    };
}
