using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Login;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Limits;

/// <summary>
/// <see cref="ISharedCounters"/> in the broker database. An increment is one statement, an
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> that SQLite (3.35+) and PostgreSQL both run
/// atomically, so instances racing on one key each get a distinct count.
/// </summary>
internal sealed class EfSharedCounters(IServiceScopeFactory scopes) : ISharedCounters
{
    private const string Increment = $"""
        INSERT INTO {SharedCounterConfiguration.Table} (counter_key, hits, expires_at) VALUES (@key, 1, @expires)
        ON CONFLICT (counter_key) DO UPDATE SET
            hits = CASE WHEN {SharedCounterConfiguration.Table}.expires_at <= @now THEN 1 ELSE {SharedCounterConfiguration.Table}.hits + 1 END,
            expires_at = CASE WHEN {SharedCounterConfiguration.Table}.expires_at <= @now THEN @expires ELSE {SharedCounterConfiguration.Table}.expires_at END
        RETURNING hits
        """;

    public async Task<long> IncrementAsync(string key, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Increment;
            Add(command, "@key", key);
            Add(command, "@now", now.ToUnixTimeMilliseconds());
            Add(command, "@expires", (now + window).ToUnixTimeMilliseconds());
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<long> ReadAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.SharedCounters.AsNoTracking()
            .Where(c => c.Key == key && c.ExpiresAt > at)
            .Select(c => c.Hits)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task DecrementAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.SharedCounters
            .Where(c => c.Key == key && c.ExpiresAt > at && c.Hits > 0)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Hits, c => c.Hits - 1), cancellationToken);
    }

    public async Task ResetAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.SharedCounters.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.SharedCounters.Where(c => c.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
