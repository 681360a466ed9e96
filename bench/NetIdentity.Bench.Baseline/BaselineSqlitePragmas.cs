using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NetIdentity.Bench.Baseline;

/// <summary>
/// The same SQLite settings as the broker's (src/NetIdentity.Data/Sqlite/SqlitePragmas.cs, internal
/// there): write-ahead log, <c>synchronous=NORMAL</c>, and waiting for the write lock inside SQLite.
/// Without them the baseline paid Microsoft.Data.Sqlite's 150 ms sleep on every write collision
/// and the ratio compared the broker's storage settings, not the work of a login. Runs on every
/// open (the baseline is not the thing being tuned).
/// </summary>
internal sealed class BaselineSqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
