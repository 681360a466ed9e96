using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Keys;

/// <summary>
/// <see cref="IKeyMaterialStore"/> in the broker database. A singleton: each call borrows a pooled
/// context from its own scope, so it can also serve start-up code and hosted services.
/// </summary>
/// <remarks>
/// Race safety comes from the database, not from a lock: a unique index on (use, generation)
/// allows one key per generation. Two instances that both add generation n+1 both insert; the
/// second insert breaks the index, is rolled back, and that caller reads the winner's key. Every
/// other change is one conditional <c>UPDATE</c>. No transaction, the same on SQLite and PostgreSQL.
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
    public async Task<(KeyMaterial Key, bool Added)> AddSuccessorAsync(
        string use, int previousGeneration, Func<int, KeyMaterial> create, CancellationToken cancellationToken)
    {
        CheckUse(use);
        ArgumentOutOfRangeException.ThrowIfNegative(previousGeneration);
        ArgumentNullException.ThrowIfNull(create);
        var generation = previousGeneration + 1;

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        if (await FindGenerationAsync(db, use, generation, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        var created = Checked(create(generation), use, generation);
        db.KeyMaterial.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            Log.KeyCreated(_logger, use, created.KeyId, created.Algorithm, generation, created.ActivatesAt);
            return (created, true);
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, KeyMaterialConfiguration.Table))
        {
            db.ChangeTracker.Clear();
            var winner = await FindGenerationAsync(db, use, generation, cancellationToken)
                ?? throw new InvalidOperationException(
                    $"Key '{created.KeyId}' could not be stored: a key with that id already exists. Key ids must be unique; make them random.",
                    exception);
            Log.KeyCreatedElsewhere(_logger, use, winner.KeyId, generation);
            return (winner, false);
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
            .OrderByDescending(k => k.Generation)
            .ToListAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<KeyMaterial?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.KeyMaterial.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == keyId, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> CompromiseAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var time = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.KeyMaterial
            .Where(k => k.KeyId == keyId && k.CompromisedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.CompromisedAt, time), cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> ActivateByAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var time = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.KeyMaterial
            .Where(k => k.KeyId == keyId && k.ActivatesAt > time)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.ActivatesAt, time), cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> ArchiveAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var time = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.KeyMaterial
            .Where(k => k.KeyId == keyId && k.ArchivedAt == null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(k => k.ArchivedAt, time).SetProperty(k => k.ProtectedMaterial, (string?)null),
                cancellationToken);
        return updated == 1;
    }

    private static Task<KeyMaterial?> FindGenerationAsync(BrokerDbContext db, string use, int generation, CancellationToken cancellationToken) =>
        db.KeyMaterial
            .AsNoTracking()
            .FirstOrDefaultAsync(k => k.Use == use && k.Generation == generation, cancellationToken);

    private static void CheckUse(string use)
    {
        ArgumentNullException.ThrowIfNull(use);
        if (!KeyUses.IsKnown(use))
        {
            throw new ArgumentException($"A key's use is '{KeyUses.Signing}' or '{KeyUses.Encryption}', not '{use}'.", nameof(use));
        }
    }

    private static KeyMaterial Checked(KeyMaterial key, string use, int generation)
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

        if (key.Generation != generation)
        {
            throw new InvalidOperationException($"Generation {generation} was asked for, but the key factory made generation {key.Generation}.");
        }

        if (string.IsNullOrEmpty(key.Algorithm) || key.Algorithm.Length > ColumnLengths.Algorithm)
        {
            throw new InvalidOperationException($"A key's algorithm has 1 to {ColumnLengths.Algorithm} characters; the key factory made '{key.Algorithm}'.");
        }

        if (string.IsNullOrEmpty(key.ProtectedMaterial))
        {
            throw new InvalidOperationException("The key factory made a key without material.");
        }

        if (key.CompromisedAt is not null || key.ArchivedAt is not null)
        {
            throw new InvalidOperationException("The key factory made a compromised or archived key; a new key must be usable.");
        }

        return new KeyMaterial
        {
            KeyId = key.KeyId,
            Use = key.Use,
            Generation = generation,
            Algorithm = key.Algorithm,
            ProtectedMaterial = key.ProtectedMaterial,
            PublicJwk = key.PublicJwk,
            CreatedAt = StoredTime.Normalize(key.CreatedAt),
            ActivatesAt = StoredTime.Normalize(key.ActivatesAt),
        };
    }
}
