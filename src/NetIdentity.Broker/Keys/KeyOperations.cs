using Microsoft.Extensions.Options;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>One key as an operator sees it (<c>netidentity keys list</c>).</summary>
public sealed record KeyStatus(
    string KeyId,
    string Use,
    int Generation,
    string Algorithm,
    KeyState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? PublishedUntil,
    DateTimeOffset? CompromisedAt,
    DateTimeOffset? ArchivedAt);

/// <summary>What <see cref="KeyOperations.RetireCompromisedAsync"/> did.</summary>
public enum RetireOutcome
{
    Retired,
    NotFound,
    AlreadyCompromised,
}

/// <summary>
/// The key lifecycle's operations, for the broker's own schedule (<see cref="KeyMaintenance"/>) and
/// for operators (issue 11's <c>netidentity keys list|rotate|retire</c>; docs/operations.md).
/// Every change goes through the store's compare-and-set, so instances and operators racing do
/// not make two keys of one generation. Changes reach this instance at once (when it has a
/// <see cref="KeyRing"/>) and the others within <see cref="KeyOptions.RefreshInterval"/>.
/// </summary>
public sealed class KeyOperations(
    IKeyMaterialStore store,
    TokenKeyFactory factory,
    IOptions<KeyOptions> options,
    TimeProvider time,
    KeyRetention retention,
    ILogger<KeyOperations> logger,
    KeyRing? ring = null)
{
    private static readonly string[] Uses = [KeyUses.Signing, KeyUses.Encryption];

    /// <summary>Every key of both uses, newest generation first, with its state now.</summary>
    public async Task<IReadOnlyList<KeyStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var span = retention.Current;
        var list = new List<KeyStatus>();
        foreach (var use in Uses)
        {
            var keys = await ReadAsync(use, cancellationToken);
            list.AddRange(keys.Select(k => Status(keys, k, now, span)));
        }

        return list;
    }

    /// <summary>
    /// Rotates now: publishes a new key of <paramref name="use"/> that takes over after
    /// <see cref="KeyOptions.PublishAhead"/>, as the schedule would. When a next key is already
    /// waiting, it is returned and nothing is added (rotating twice does not skip a key's publication).
    /// </summary>
    public async Task<KeyStatus> RotateAsync(string use, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await ReadAsync(use, cancellationToken);
        var pending = keys.FirstOrDefault(k => k.Row.ActivatesAt > now && KeySet.Usable(k));
        var key = pending?.Row ?? await AddAsync(use, keys, now, now + options.Value.PublishAhead, cancellationToken);
        await RefreshAsync(cancellationToken);
        keys = await ReadAsync(use, cancellationToken);
        return Status(keys, keys.First(k => k.Row.KeyId == key.KeyId), now, retention.Current);
    }

    /// <summary>
    /// The schedule: when the newest usable key of <paramref name="use"/> has signed for
    /// <see cref="KeyOptions.RotateEvery"/> less <see cref="KeyOptions.PublishAhead"/>, publishes
    /// its successor, to take over exactly <see cref="KeyOptions.RotateEvery"/> after it (or
    /// <see cref="KeyOptions.PublishAhead"/> from now, if the schedule was missed). Returns the key added, if any.
    /// </summary>
    public async Task<KeyMaterial?> RotateIfDueAsync(string use, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var keys = await ReadAsync(use, cancellationToken);
        var newest = keys.FirstOrDefault(KeySet.Usable);
        if (newest is null)
        {
            // Every key compromised or archived (or none yet): a key must sign, at once.
            return await AddAsync(use, keys, now, now, cancellationToken);
        }

        var takeOver = KeySet.Saturating(newest.Row.ActivatesAt, settings.RotateEvery);
        if (takeOver - settings.PublishAhead > now)
        {
            return null;
        }

        var activatesAt = takeOver > now + settings.PublishAhead ? takeOver : now + settings.PublishAhead;
        return await AddAsync(use, keys, now, activatesAt, cancellationToken);
    }

    /// <summary>
    /// Retires a compromised key at once: it leaves the JWKS and the keys tokens are accepted with,
    /// so what it signed (or encrypted) is refused; its private material is erased; its public
    /// part stays in the key archive, marked compromised. When it was the active key, the waiting
    /// next key takes over now, or a new key does (platforms whose cached JWKS predates it refuse
    /// new ID tokens until they fetch the JWKS again: the price of a compromise).
    /// </summary>
    public async Task<RetireOutcome> RetireCompromisedAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var row = await store.FindAsync(keyId, cancellationToken);
        if (row is null)
        {
            return RetireOutcome.NotFound;
        }

        if (row.CompromisedAt is not null)
        {
            return RetireOutcome.AlreadyCompromised;
        }

        var now = time.GetUtcNow();
        var keys = await ReadAsync(row.Use, cancellationToken);
        var successor = KeySet.Active(keys, now);

        // The successor is in place before the key is marked, so that no moment is left without a key.
        if (successor is null || successor.Row.KeyId == keyId)
        {
            var waiting = keys.LastOrDefault(k => k.Row.Generation > row.Generation && k.Row.ActivatesAt > now && KeySet.Usable(k));
            if (waiting is not null)
            {
                await store.ActivateByAsync(waiting.Row.KeyId, now, cancellationToken);
                successor = waiting;
            }
            else
            {
                successor = new RingKey(await AddAsync(row.Use, keys, now, now, cancellationToken), null);
            }
        }

        if (!await store.CompromiseAsync(keyId, now, cancellationToken))
        {
            return RetireOutcome.AlreadyCompromised;
        }

        await store.ArchiveAsync(keyId, now, cancellationToken);
        Log.Compromised(logger, row.Use, keyId, successor.Row.KeyId);
        await RefreshAsync(cancellationToken);
        return RetireOutcome.Retired;
    }

    /// <summary>
    /// Erases the private material of every key no longer published (its retention past, or
    /// compromised). Returns how many keys were archived.
    /// </summary>
    public async Task<int> ArchiveDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var span = retention.Current;
        var archived = 0;
        foreach (var use in Uses)
        {
            var keys = await ReadAsync(use, cancellationToken);
            foreach (var key in keys.Where(k => k.Row.ProtectedMaterial is not null && k.Row.ArchivedAt is null))
            {
                if (KeySet.StateOf(keys, key, now, span) is KeyState.Archived or KeyState.Compromised
                    && await store.ArchiveAsync(key.Row.KeyId, now, cancellationToken))
                {
                    Log.Archived(logger, use, key.Row.KeyId);
                    archived++;
                }
            }
        }

        return archived;
    }

    private async Task<KeyMaterial> AddAsync(
        string use, IReadOnlyList<RingKey> keys, DateTimeOffset now, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var previous = keys.Count == 0 ? 0 : keys.Max(k => k.Row.Generation);
        var (key, added) = await store.AddSuccessorAsync(use, previous, generation => factory.Create(use, generation, now, activatesAt), cancellationToken);
        if (added)
        {
            Log.Rotated(logger, use, key.KeyId, key.Generation, key.ActivatesAt);
        }

        return key;
    }

    private async Task<IReadOnlyList<RingKey>> ReadAsync(string use, CancellationToken cancellationToken) =>
        KeySet.Newest((await store.GetAllAsync(use, cancellationToken)).Select(r => new RingKey(r, null)));

    private Task RefreshAsync(CancellationToken cancellationToken) =>
        ring?.RefreshAsync(retention.Current, cancellationToken) ?? Task.CompletedTask;

    private static KeyStatus Status(IReadOnlyList<RingKey> keys, RingKey key, DateTimeOffset now, TimeSpan retention)
    {
        var row = key.Row;
        var retiredAt = KeySet.RetiredAt(keys, row);
        return new KeyStatus(
            row.KeyId, row.Use, row.Generation, row.Algorithm,
            KeySet.StateOf(keys, key, now, retention),
            row.CreatedAt, row.ActivatesAt, retiredAt,
            retiredAt is { } retired ? KeySet.Saturating(retired, retention) : null,
            row.CompromisedAt, row.ArchivedAt);
    }
}
