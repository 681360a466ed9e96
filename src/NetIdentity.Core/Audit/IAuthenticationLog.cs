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

/// <summary>
/// The second half of single use: a verified bizSeq yields one authorization code, once. A
/// replayed login cookie cannot make the authorization endpoint issue another.
/// </summary>
public interface ICodeIssuance
{
    /// <summary>
    /// Marks that a code was issued for the verified <paramref name="bizSeq"/>; <c>false</c> when
    /// one already was (or the bizSeq was never verified): the caller must not issue a code.
    /// </summary>
    Task<bool> TryMarkIssuedAsync(string bizSeq, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Erases used bizSeqs consumed at or before <paramref name="before"/>; returns how many. Only
    /// safe past the credential's freshness window and the login lifetime: by then a replay of the
    /// bizSeq is refused as stale, and its login is gone.
    /// </summary>
    Task<int> PurgeConsumedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
