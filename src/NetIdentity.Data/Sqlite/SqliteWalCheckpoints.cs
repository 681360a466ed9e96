using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Copies the SQLite write-ahead log into the database file once a second, on a background
/// thread, instead of inside whichever login's commit crossed SQLite's threshold.
/// </summary>
/// <remarks>
/// <para>
/// SQLite checkpoints on its own when a commit leaves more than <c>wal_autocheckpoint</c> pages
/// in the log (sqlite.org/wal.html#ckpt): the request that made that commit does the copying.
/// With SQLite's default of 1000 pages that was several times a second under load and 4.5 % of
/// the broker's CPU, on the path of the logins that happened to cross it (issue 10,
/// docs/performance.md "Sixth round"). <see cref="SqlitePragmas"/> now sets the threshold to
/// <see cref="SqlitePragmas.AutoCheckpointPages"/>, a backstop this service keeps the log far below.
/// </para>
/// <para>
/// A checkpoint copies each page the log holds once, however often it was written since the
/// last one, so fewer, larger checkpoints copy the hot pages (the login states, the counters,
/// the newest leaves of growing tables) fewer times.
/// </para>
/// <para>
/// Durability: with <c>synchronous=NORMAL</c> a commit is not flushed to disk on its own; the log
/// is flushed before each checkpoint (sqlite.org/pragma.html#pragma_synchronous), and a power
/// loss can take back the commits made since. A checkpoint every <see cref="Interval"/> bounds
/// that window in time, where SQLite's own threshold bounded it only in pages: on a quiet
/// instance, commits could wait for the kernel's write-back before.
/// </para>
/// <para>
/// <c>PASSIVE</c> never waits for a reader or a writer, and never calls the busy handler: a
/// checkpoint that cannot copy everything now copies the rest next time.
/// </para>
/// </remarks>
internal sealed class SqliteWalCheckpoints(NetIdentityDatabaseSettings settings, ILogger<SqliteWalCheckpoints> logger) : BackgroundService
{
    /// <summary>How often the log is copied into the database file.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The database's own connection string, but never creating the file: a checkpoint of a
    /// database that is not there (yet, or any more) fails instead of leaving an empty one behind.
    /// </summary>
    private readonly string connectionString = new SqliteConnectionStringBuilder(settings.ConnectionString)
    {
        Mode = SqliteOpenMode.ReadWrite,
    }.ToString();

    private bool failing;

    /// <summary>
    /// One <c>PRAGMA wal_checkpoint(PASSIVE)</c>: SQLite's answer, or a <see cref="SqliteException"/>
    /// if the database cannot be opened.
    /// </summary>
    public async Task<WalCheckpoint> CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                var reader = await command.ExecuteReaderAsync(cancellationToken);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        throw new InvalidOperationException("SQLite answered wal_checkpoint without a row.");
                    }

                    return new WalCheckpoint(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
                }
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="connectionString"/> names a database file, the only kind with a
    /// write-ahead log (an in-memory database has none).
    /// </summary>
    public static bool HasLog(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory
            && !string.IsNullOrEmpty(builder.DataSource)
            && !string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. The last commits are in the log, which SQLite reads on the next open.
        }
    }

    /// <summary>One checkpoint; a failure is logged once until a checkpoint succeeds again.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckpointOnceAsync(cancellationToken);
            if (failing)
            {
                failing = false;
                Log.WalCheckpointsRecovered(logger);
            }
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            if (!failing)
            {
                failing = true;
                Log.WalCheckpointFailed(logger, exception);
            }
        }
    }
}

/// <summary>
/// SQLite's answer to <c>PRAGMA wal_checkpoint</c> (sqlite.org/pragma.html#pragma_wal_checkpoint):
/// whether a lock kept it from finishing, the pages in the log, and how many of them are now in
/// the database file (−1 for both when the database is not in WAL mode).
/// </summary>
internal readonly record struct WalCheckpoint(bool Busy, long LogPages, long CheckpointedPages);
