using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Puts every SQLite connection in write-ahead-log mode with <c>synchronous=NORMAL</c>: readers
/// no longer wait for the writer (the authentication log writes on every login), and a commit
/// costs one fsync at checkpoint instead of two per transaction, while a power loss can only lose
/// the last commits, never corrupt the file (sqlite.org/wal.html, pragma.html#pragma_synchronous).
/// A connection that finds the write lock taken waits for it inside SQLite
/// (<c>busy_timeout</c>, sqlite.org/c3ref/busy_timeout.html: retries after 1, 2, 5, 10 … ms) rather
/// than in Microsoft.Data.Sqlite's own retry loop, which sleeps 150 ms per attempt on a thread-pool
/// thread: with several logins writing at once that sleep was the tail of every step (issue 10 §2,
/// docs/performance.md). The wait is bounded by the same 30 s as a command's timeout. A commit
/// checkpoints the log itself only past <see cref="AutoCheckpointPages"/>;
/// <see cref="SqliteWalCheckpoints"/> does it once a second in the background.
/// </summary>
/// <remarks>
/// <c>journal_mode=WAL</c> is remembered by the database file, but <c>synchronous</c> belongs to
/// the connection, so it cannot go in the connection string: it has to be set on every physical
/// connection. This interceptor runs on every open, and Microsoft.Data.Sqlite pools connections
/// (<c>Pooling=True</c>, its default): most opens reuse a native handle where both settings
/// already hold. Every EF Core query and save opens the connection, so the pragmas run only on a
/// handle not seen before (remembered weakly: a handle the pool closed is forgotten with it),
/// not as two more prepared statements on every query (issue 10 §2).
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    /// <summary>
    /// How many pages the write-ahead log may hold before a commit checkpoints it itself: a
    /// backstop (about 40 MB of 4 KB pages). <see cref="SqliteWalCheckpoints"/> checkpoints once a
    /// second, off the requests' path, and keeps the log far below it.
    /// </summary>
    public const int AutoCheckpointPages = 10_000;

    private static readonly string Pragmas = string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint={AutoCheckpointPages};");

    private readonly ConditionalWeakTable<object, object> configured = [];

    private SqlitePragmas()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsNewHandle(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsNewHandle(connection))
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        MarkConfigured(connection);
    }

    /// <summary>
    /// Whether <paramref name="connection"/> is open on a native handle the pragmas have not run
    /// on yet. Any other connection type (a test's wrapper) always counts as new.
    /// </summary>
    private bool IsNewHandle(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !configured.TryGetValue(handle, out _);

    /// <summary>Remembers the handle once the pragmas ran on it (not before: a failed run is tried again).</summary>
    private void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            configured.TryAdd(handle, handle);
        }
    }
}
