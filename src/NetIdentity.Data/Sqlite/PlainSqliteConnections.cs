using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Gives EF Core a plain <see cref="SqliteConnection"/> instead of the one it makes itself.
/// EF Core's carries seven functions, four aggregates and a collation (<c>regexp</c>,
/// <c>ef_add</c>, <c>ef_compare</c> … <c>EF_DECIMAL</c>), needed only by queries on
/// <see cref="decimal"/> columns or with <c>Regex.IsMatch</c>. Microsoft.Data.Sqlite registers
/// them on the native handle at every open and removes them at every close, since a pooled handle
/// goes back clean, and EF Core opens the connection for every query and save: twelve
/// registrations and twelve removals per statement, about 5 % of the broker's CPU under load
/// (issue 10, docs/performance.md "Seventh round").
/// </summary>
/// <remarks>
/// The broker's model has no decimal property and no query uses a regular expression
/// (<c>MigrationTests</c> pins both: a test finds the functions absent, another finds no decimal
/// in the model). A query that needed one would fail with SQLite's "no such function", never
/// silently differ. Everything else is as EF Core would make it: the same connection string, and
/// a context's command timeout, if one is set, as the connection's default.
/// </remarks>
internal sealed class PlainSqliteConnections : DbConnectionInterceptor
{
    public static readonly PlainSqliteConnections Instance = new();

    private PlainSqliteConnections()
    {
    }

    public override InterceptionResult<DbConnection> ConnectionCreating(
        ConnectionCreatingEventData eventData,
        InterceptionResult<DbConnection> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult)
        {
            return result;
        }

        var connection = new SqliteConnection(eventData.ConnectionString);
        if (eventData.Context?.Database.GetCommandTimeout() is { } timeout)
        {
            connection.DefaultTimeout = timeout;
        }

        return InterceptionResult<DbConnection>.SuppressWithResult(connection);
    }
}
