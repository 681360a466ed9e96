namespace NetIdentity.Core.Audit;

/// <summary>
/// The append-only authentication log (PRODUCT rule 6). Implementations chain entries with
/// <see cref="AuditChain"/> and never update or delete one.
/// </summary>
public interface IAuthenticationLog
{
    /// <summary>Appends an entry for a verification attempt that did not produce a verified person.</summary>
    Task AppendAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the entry of a verified person and, in the same transaction, marks its bizSeq as
    /// used. Returns <c>false</c>, appending nothing, when the bizSeq was already used: the
    /// credential is a replay (authority-contract §8.3).
    /// </summary>
    Task<bool> AppendVerifiedAsync(AuthenticationLogEntry entry, CancellationToken cancellationToken);
}
