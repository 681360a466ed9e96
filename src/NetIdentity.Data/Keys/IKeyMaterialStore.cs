namespace NetIdentity.Data.Keys;

/// <summary>
/// Signing and encryption keys shared by every broker instance, so a token issued by one
/// instance validates on all of them.
/// </summary>
public interface IKeyMaterialStore
{
    /// <summary>
    /// The active (not retired) key of <paramref name="use"/>; when there is none, stores the key
    /// <paramref name="create"/> makes and returns it. Callers racing on several instances all get
    /// the same key: <paramref name="create"/> may run in a caller whose key is then discarded, so
    /// it must only make the key, not publish or use it.
    /// </summary>
    /// <param name="use"><see cref="KeyUses.Signing"/> or <see cref="KeyUses.Encryption"/>.</param>
    /// <param name="create">Makes a new key of that use, not retired, with material already protected.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<KeyMaterial> GetOrAddActiveAsync(string use, Func<KeyMaterial> create, CancellationToken cancellationToken);

    /// <summary>
    /// Every key of <paramref name="use"/>, newest first, retired ones included: the keys that may
    /// still validate tokens issued before a rotation.
    /// </summary>
    Task<IReadOnlyList<KeyMaterial>> GetAllAsync(string use, CancellationToken cancellationToken);

    /// <summary>
    /// Retires a key, so that the next <see cref="GetOrAddActiveAsync"/> creates its successor.
    /// Returns <c>false</c> when the key does not exist or was already retired.
    /// </summary>
    Task<bool> RetireAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken);
}
