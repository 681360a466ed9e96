using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Login;
using NetIdentity.Data.Model;
using NetIdentity.Data.PostgreSql;
using NetIdentity.Data.Sqlite;

namespace NetIdentity.Data.Login;

/// <summary>
/// <see cref="ILoginStates"/> in the broker database, shared by every instance. A singleton: each
/// call borrows a pooled context from its own scope and is one statement.
/// </summary>
public sealed class EfLoginStates : ILoginStates
{
    /// <summary>
    /// The compare-and-set of <see cref="TryReplaceAsync"/> as one parameterised statement: it runs
    /// on every transition of every login, and EF Core's <c>ExecuteUpdate</c> translated the same
    /// statement from its expression tree each time (issue 10's profile).
    /// </summary>
    private const string Replace =
        $"UPDATE {LoginStateConfiguration.Table} SET version = {{0}}, state = {{1}}, payload = {{2}} WHERE key = {{3}} AND version = {{4}}";

    /// <summary>The compare-and-delete of <see cref="TryDeleteAsync"/>, one statement like <see cref="Replace"/>.</summary>
    private const string Claim =
        $"DELETE FROM {LoginStateConfiguration.Table} WHERE key = {{0}} AND version = {{1}}";

    /// <summary>
    /// The read of <see cref="FindAsync"/>, compiled once (it runs on every login page and step);
    /// once per provider, as a compiled query belongs to one model.
    /// </summary>
    private static readonly Func<SqliteBrokerDbContext, string, DateTimeOffset, CancellationToken, Task<LoginStateRecord?>> FindOnSqlite =
        EF.CompileAsyncQuery((SqliteBrokerDbContext db, string key, DateTimeOffset at, CancellationToken cancellationToken) =>
            db.LoginStates.AsNoTracking().FirstOrDefault(l => l.Key == key && l.ExpiresAt > at));

    private static readonly Func<PostgresBrokerDbContext, string, DateTimeOffset, CancellationToken, Task<LoginStateRecord?>> FindOnPostgres =
        EF.CompileAsyncQuery((PostgresBrokerDbContext db, string key, DateTimeOffset at, CancellationToken cancellationToken) =>
            db.LoginStates.AsNoTracking().FirstOrDefault(l => l.Key == key && l.ExpiresAt > at));

    private readonly IServiceScopeFactory _scopes;

    public EfLoginStates(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A field is missing or too long.</exception>
    public async Task<bool> CreateAsync(StoredLogin login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        var row = LoginStateRecord.From(login);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.LoginStates.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, LoginStateConfiguration.Table))
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<StoredLogin?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > ColumnLengths.LoginKey)
        {
            return null;
        }

        var at = StoredTime.Normalize(now);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var row = await (db switch
        {
            SqliteBrokerDbContext sqlite => FindOnSqlite(sqlite, key, at, cancellationToken),
            PostgresBrokerDbContext postgres => FindOnPostgres(postgres, key, at, cancellationToken),
            _ => db.LoginStates.AsNoTracking().FirstOrDefaultAsync(l => l.Key == key && l.ExpiresAt > at, cancellationToken),
        });
        return row?.ToLogin();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One conditional <c>UPDATE … WHERE key = @k AND version = @v</c>: of two transitions from the
    /// same version, on any instances, the database lets exactly one change the row. On PostgreSQL a
    /// transient failure is retried; when the first attempt had in fact applied, the retry finds the
    /// next version and answers <c>false</c>: the caller reads again and finds its own transition.
    /// </remarks>
    public async Task<bool> TryReplaceAsync(string key, long expectedVersion, string state, string payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(payload);
        Field.Required(state, ColumnLengths.LoginState, "A login's State", nameof(state));
        if (key.Length > ColumnLengths.LoginKey)
        {
            return false;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.Database.ExecuteSqlRawAsync(Replace, [expectedVersion + 1, state, payload, key, expectedVersion], cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.LoginStates.Where(l => l.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One conditional <c>DELETE … WHERE key = @k AND version = @v</c>: of two requests ending the
    /// login from the same version, on any instances, the database lets exactly one remove the row.
    /// </remarks>
    public async Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > ColumnLengths.LoginKey)
        {
            return false;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.Database.ExecuteSqlRawAsync(Claim, [key, expectedVersion], cancellationToken) == 1;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(now);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.LoginStates.Where(l => l.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }
}
