using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Keys;

/// <summary>
/// <see cref="IKeyMaterialStore"/> in the broker database. A singleton: each call borrows a pooled
/// context from its own scope, so it can also serve start-up code that has no request scope.
/// </summary>
/// <remarks>
/// Race safety comes from the database, not from a lock: a partial unique index allows at most one
/// row per use whose <c>retired_at</c> is null. Two instances that both find no key both insert;
/// the second insert breaks the index, is rolled back, and that caller re-reads the winner's key.
/// This needs no marker row and no transaction, and works the same on SQLite and PostgreSQL.
/// </remarks>
public sealed class EfKeyMaterialStore : IKeyMaterialStore
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<EfKeyMaterialStore> _logger;

    public EfKeyMaterialStore(IServiceScopeFactory scopes, ILogger<EfKeyMaterialStore> logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<KeyMaterial> GetOrAddActiveAsync(string use, Func<KeyMaterial> create, CancellationToken cancellationToken)
    {
        CheckUse(use);
        ArgumentNullException.ThrowIfNull(create);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();

        var active = await FindActiveAsync(db, use, cancellationToken);
        if (active is not null)
        {
            return active;
        }

        var created = Checked(create(), use);
        db.KeyMaterial.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            Log.KeyCreated(_logger, use, created.KeyId, created.Algorithm);
            return created;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, KeyMaterialConfiguration.Table))
        {
            db.ChangeTracker.Clear();
            var winner = await FindActiveAsync(db, use, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"Key '{created.KeyId}' could not be stored: a key with that id already exists. Key ids must be unique; make them random.",
                    exception);
            Log.KeyCreatedElsewhere(_logger, use, winner.KeyId);
            return winner;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<KeyMaterial>> GetAllAsync(string use, CancellationToken cancellationToken)
    {
        CheckUse(use);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.KeyMaterial
            .AsNoTracking()
            .Where(k => k.Use == use)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> RetireAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var at = StoredTime.Normalize(retiredAt);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.KeyMaterial
            .Where(k => k.KeyId == keyId && k.RetiredAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RetiredAt, at), cancellationToken);
        return updated == 1;
    }

    private static Task<KeyMaterial?> FindActiveAsync(BrokerDbContext db, string use, CancellationToken cancellationToken) =>
        db.KeyMaterial
            .AsNoTracking()
            .Where(k => k.Use == use && k.RetiredAt == null)
            .OrderByDescending(k => k.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    private static void CheckUse(string use)
    {
        ArgumentNullException.ThrowIfNull(use);
        if (!KeyUses.IsKnown(use))
        {
            throw new ArgumentException($"A key's use is '{KeyUses.Signing}' or '{KeyUses.Encryption}', not '{use}'.", nameof(use));
        }
    }

    private static KeyMaterial Checked(KeyMaterial key, string use)
    {
        if (key is null)
        {
            throw new InvalidOperationException("The key factory returned null.");
        }

        if (string.IsNullOrEmpty(key.KeyId) || key.KeyId.Length > ColumnLengths.KeyId)
        {
            throw new InvalidOperationException($"A key id has 1 to {ColumnLengths.KeyId} characters; the key factory made '{key.KeyId}'.");
        }

        if (!string.Equals(key.Use, use, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A '{use}' key was asked for, but the key factory made a '{key.Use}' key.");
        }

        if (string.IsNullOrEmpty(key.Algorithm) || key.Algorithm.Length > ColumnLengths.Algorithm)
        {
            throw new InvalidOperationException($"A key's algorithm has 1 to {ColumnLengths.Algorithm} characters; the key factory made '{key.Algorithm}'.");
        }

        if (string.IsNullOrEmpty(key.ProtectedMaterial))
        {
            throw new InvalidOperationException("The key factory made a key without material.");
        }

        if (key.RetiredAt is not null)
        {
            throw new InvalidOperationException("The key factory made a retired key; a new key must be active.");
        }

        return new KeyMaterial
        {
            KeyId = key.KeyId,
            Use = key.Use,
            Algorithm = key.Algorithm,
            ProtectedMaterial = key.ProtectedMaterial,
            CreatedAt = StoredTime.Normalize(key.CreatedAt),
        };
    }
}
