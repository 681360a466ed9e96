using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Puts every SQLite connection in write-ahead-log mode with <c>synchronous=NORMAL</c>: readers
/// no longer wait for the writer (the authentication log writes on every login), and a commit
/// costs one fsync at checkpoint instead of two per transaction, while a power loss can only lose
/// the last commits, never corrupt the file (sqlite.org/wal.html, pragma.html#pragma_synchronous).
/// </summary>
/// <remarks>
/// <c>journal_mode=WAL</c> is remembered by the database file, but <c>synchronous</c> belongs to
/// the connection, so it cannot go in the connection string: it has to be set on every physical
/// connection. This interceptor runs on every open. Microsoft.Data.Sqlite pools connections
/// (<c>Pooling=True</c>, its default), so most opens reuse a handle where both settings already
/// hold, and repeating them is a cheap no-op.
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    private SqlitePragmas()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
