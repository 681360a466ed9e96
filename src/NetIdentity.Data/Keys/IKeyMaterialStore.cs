namespace NetIdentity.Data.Keys;

/// <summary>
/// Signing and encryption keys shared by every broker instance, so a token issued by one
/// instance validates on all of them, and all of them agree on the key in use.
/// </summary>
public interface IKeyMaterialStore
{
    /// <summary>
    /// Stores the key <paramref name="create"/> makes as generation <paramref name="previousGeneration"/> + 1
    /// of <paramref name="use"/> (0 for the first key), unless that generation exists already: then
    /// returns the existing one. This is the compare-and-set every rotation goes through: instances
    /// racing to add the same successor all get one key. <paramref name="create"/> may run in a
    /// caller whose key is then discarded, so it must only make the key, not publish or use it.
    /// </summary>
    /// <param name="use"><see cref="KeyUses.Signing"/> or <see cref="KeyUses.Encryption"/>.</param>
    /// <param name="previousGeneration">The newest generation the caller saw; 0 when it saw none.</param>
    /// <param name="create">Makes the key of the given generation, with material already protected.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The key stored at that generation, and whether this call stored it.</returns>
    Task<(KeyMaterial Key, bool Added)> AddSuccessorAsync(string use, int previousGeneration, Func<int, KeyMaterial> create, CancellationToken cancellationToken);

    /// <summary>Every key of <paramref name="use"/>, newest generation first, archived and compromised ones included.</summary>
    Task<IReadOnlyList<KeyMaterial>> GetAllAsync(string use, CancellationToken cancellationToken);

    /// <summary>The key with that <c>kid</c>, or null.</summary>
    Task<KeyMaterial?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a key compromised at <paramref name="at"/>. Returns <c>false</c> when the key does not
    /// exist or already was.
    /// </summary>
    Task<bool> CompromiseAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a key's activation forward to <paramref name="at"/> when it was later. Returns
    /// <c>false</c> when the key does not exist or was already active by then.
    /// </summary>
    Task<bool> ActivateByAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Erases a key's private material, keeping its public JWK. Returns <c>false</c> when the key
    /// does not exist or already was archived.
    /// </summary>
    Task<bool> ArchiveAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);
}
