namespace NetIdentity.Core.Login;

/// <summary>
/// One login's current state as the shared store holds it. <see cref="Payload"/> is opaque here:
/// the broker seals it under a key derived from the browser's cookie (the broker's
/// <c>LoginStateSeal</c>) before it is stored, so the row carries no personal data a reader of
/// the database could use (PRODUCT rule 7).
/// </summary>
public sealed record StoredLogin
{
    /// <summary>
    /// The store's key: a hash of the browser's secret reference, never the reference itself, so a
    /// copy of the database cannot be turned into a login cookie.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The login's id as it appears in the broker's addresses (<c>/login/{id}</c>).</summary>
    public required string LoginId { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Incremented by every transition; a transition applies only from the version it read.</summary>
    public required long Version { get; init; }

    /// <summary>The state's name, for operators and the purge; the payload is the truth.</summary>
    public required string State { get; init; }

    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public override string ToString() => $"StoredLogin {{ LoginId = {LoginId}, State = {State}, Version = {Version} }}";
}

/// <summary>
/// Where every login's current state lives, shared by all instances (issue: a login that cannot be
/// rolled back). The browser holds only an opaque reference; each transition is a compare-and-set
/// from the version it read, so an older cookie, a second tab or a racing request can never put a
/// login back into a state it has left.
/// </summary>
public interface ILoginStates
{
    /// <summary>Stores a new login; <c>false</c> when the key is taken (a collision: make keys random).</summary>
    Task<bool> CreateAsync(StoredLogin login, CancellationToken cancellationToken);

    /// <summary>The login under <paramref name="key"/>, or null when unknown or expired at <paramref name="now"/>.</summary>
    Task<StoredLogin?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the login's state when it is still at <paramref name="expectedVersion"/>, storing
    /// <paramref name="state"/> and <paramref name="payload"/> with the version after it. <c>false</c> when another transition came
    /// first, or the login is gone: the caller must read it again, never overwrite.
    /// </summary>
    Task<bool> TryReplaceAsync(string key, long expectedVersion, string state, string payload, CancellationToken cancellationToken);

    /// <summary>Removes the login; a later find gets null.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the login only when it is still at <paramref name="expectedVersion"/>: the last
    /// transition, claimed and ended in one step. <c>false</c> when another transition came first,
    /// or the login is gone: the caller must not act on its copy.
    /// </summary>
    Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Erases every login that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
