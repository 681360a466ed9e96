using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// This instance's copy of the token keys: re-read from the database every
/// <see cref="KeyOptions.RefreshInterval"/> (<see cref="KeyMaintenance"/>) and at once after an
/// operator's command. Which key signs is decided per token from the stored activation times
/// (<see cref="ActiveSigning"/>), so all instances switch at the same moment; when the set of
/// published keys changes, <see cref="GetChangeToken"/> fires and OpenIddict rebuilds its options
/// with the new set (<see cref="KeyRingChangeTokenSource"/>), without a restart.
/// </summary>
public sealed class KeyRing(
    IKeyMaterialStore store,
    TokenKeyFactory factory,
    TimeProvider time,
    ILogger<KeyRing> logger) : IActiveSigningKey, IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Dictionary<string, SecurityKey> _opened = new(StringComparer.Ordinal);
    private KeySet? _current;
    private string? _fingerprint;
    private CancellationTokenSource _changed = new();

    /// <summary>The keys as last read. Throws before the first load.</summary>
    public KeySet Current => _current ?? throw NotLoaded();

    public bool IsLoaded => _current is not null;

    /// <summary>The credentials new tokens, receipts and events are signed with now.</summary>
    public SigningCredentials ActiveSigning =>
        KeySet.Active(Current.Signing, time.GetUtcNow()) is { Key: { } key }
            ? new SigningCredentials(key, TokenKeyFactory.SigningAlgorithm)
            : throw NoActiveKey(KeyUses.Signing);

    /// <summary>The credentials new tokens are encrypted with now.</summary>
    public EncryptingCredentials ActiveEncryption =>
        KeySet.Active(Current.Encryption, time.GetUtcNow()) is { Key: { } key }
            ? Encrypting(key)
            : throw NoActiveKey(KeyUses.Encryption);

    public static EncryptingCredentials Encrypting(SecurityKey key) =>
        new(key, TokenKeyFactory.EncryptionAlgorithm, SecurityAlgorithms.Aes256CbcHmacSha512);

    /// <summary>A token that fires once the published key set changes.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>
    /// Reads the keys; when a use has none at all (a new database), first stores one that is
    /// active at once. Instances starting together agree on that key (the store's compare-and-set).
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var use in new[] { KeyUses.Signing, KeyUses.Encryption })
        {
            if ((await store.GetAllAsync(use, cancellationToken)).Count == 0)
            {
                var now = time.GetUtcNow();
                await store.AddSuccessorAsync(use, 0, generation => factory.Create(use, generation, now, now), cancellationToken);
            }
        }

        await RefreshAsync(KeyRetention.Unbounded, cancellationToken);
    }

    /// <summary>
    /// Re-reads the keys. <paramref name="retention"/> (<see cref="KeyRetention.Current"/>) decides
    /// which keys are published; when that set changed since the last read, the change token fires.
    /// </summary>
    public async Task RefreshAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var signing = await store.GetAllAsync(KeyUses.Signing, cancellationToken);
            var encryption = await store.GetAllAsync(KeyUses.Encryption, cancellationToken);
            var set = new KeySet([.. signing.Select(Open)], [.. encryption.Select(Open)]);
            Volatile.Write(ref _current, set);

            var fingerprint = set.Fingerprint(time.GetUtcNow(), retention);
            if (_fingerprint is not null && fingerprint != _fingerprint)
            {
                Log.PublishedKeysChanged(logger, fingerprint);
                var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
                await previous.CancelAsync();
                previous.Dispose();
            }

            _fingerprint = fingerprint;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose()
    {
        _refreshing.Dispose();
        _changed.Dispose();
    }

    /// <summary>Opens a row's key once; a key without material (archived) or compromised is never opened again.</summary>
    private RingKey Open(KeyMaterial row)
    {
        if (row.ProtectedMaterial is null || row.CompromisedAt is not null || row.ArchivedAt is not null)
        {
            _opened.Remove(row.KeyId);
            return new RingKey(row, null);
        }

        if (!_opened.TryGetValue(row.KeyId, out var key))
        {
            key = factory.Open(row)!;
            _opened[row.KeyId] = key;
        }

        return new RingKey(row, key);
    }

    private static InvalidOperationException NotLoaded() =>
        new("Token keys are not loaded: call InitializeBrokerAsync() before the host starts serving.");

    private static InvalidOperationException NoActiveKey(string use) =>
        new($"No usable '{use}' key is active. Run 'netidentity keys rotate' (KeyOperations.RotateAsync) or check the key_material table.");
}
