using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// EF Core's SQLite provider locks migrations with a row in <c>__EFMigrationsLock</c>, not with a
/// lock the operating system would release. A broker killed while holding it (Ctrl+C in the
/// sandbox during start-up, a container stopped) leaves the row behind, and every later start then
/// waits for it forever (dotnet/efcore#38958). Our migrations take seconds, so a row older than
/// <see cref="Age"/> can only be such a leftover: it is removed before migrating. A younger row
/// belongs to a migration that may still be running and is left alone.
/// </summary>
internal static class StaleSqliteMigrationLock
{
    public static readonly TimeSpan Age = TimeSpan.FromMinutes(10);

    /// <summary>Removes a stale lock row; returns when it was taken, or null when there was none.</summary>
    public static async Task<DateTimeOffset?> ReleaseAsync(BrokerDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var tables = await ScalarAsync(
                connection,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'",
                null,
                cancellationToken);
            if (Convert.ToInt64(tables, CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }

            var timestamp = await ScalarAsync(connection, "SELECT \"Timestamp\" FROM \"__EFMigrationsLock\" WHERE \"Id\" = 1", null, cancellationToken) as string;
            if (timestamp is null
                || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var takenAt)
                || now - takenAt < Age)
            {
                return null;
            }

            // Only the row that was read: a migrator that has just taken a new lock keeps it.
            await ScalarAsync(connection, "DELETE FROM \"__EFMigrationsLock\" WHERE \"Id\" = 1 AND \"Timestamp\" = $timestamp", timestamp, cancellationToken);
            return takenAt;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, string? timestamp, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            if (timestamp is not null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$timestamp";
                parameter.Value = timestamp;
                command.Parameters.Add(parameter);
            }

            return await command.ExecuteScalarAsync(cancellationToken);
        }
    }
}
