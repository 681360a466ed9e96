using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Copies the SQLite write-ahead log into the database file once a second, on a background
/// thread, instead of inside whichever login's commit crossed SQLite's threshold, and starts the
/// log over from its beginning once it is long.
/// </summary>
/// <remarks>
/// <para>
/// SQLite checkpoints on its own when a commit leaves more than <c>wal_autocheckpoint</c> pages
/// in the log (sqlite.org/wal.html#ckpt): the request that made that commit does the copying and
/// two flushes to disk. With SQLite's default of 1000 pages that was several times a second under
/// load and 4.5 % of the broker's CPU, on the path of the logins that happened to cross it
/// (issue 10, docs/performance.md "Sixth round"). <see cref="SqlitePragmas"/> now sets the
/// threshold to <see cref="SqlitePragmas.AutoCheckpointPages"/>, a backstop this service keeps
/// the log below.
/// </para>
/// <para>
/// Each pass is a <c>PASSIVE</c> checkpoint, which never waits for a reader or a writer. A
/// checkpoint copies each page the log holds once, however often it was written since the last
/// one, so fewer, larger checkpoints copy the hot pages (login states, counters, the newest
/// leaves of growing tables) fewer times. But the log only starts over from its beginning when a
/// writer finds every page of it copied, which under steady load, with commits between any two
/// instants, does not happen by itself: the log would grow to the backstop and every commit
/// would checkpoint again. So once the log holds <see cref="RestartPages"/>, the pass also asks
/// for a <c>RESTART</c> checkpoint, which waits (at most <see cref="RestartWait"/>, SQLite's
/// busy handler) for the readers still in the log to finish and makes the next writer start it
/// over. Writers wait during that moment; what is left to copy is the last second's pages.
/// </para>
/// <para>
/// Durability: with <c>synchronous=NORMAL</c> a commit is not flushed to disk on its own; the log
/// is flushed before each checkpoint (sqlite.org/pragma.html#pragma_synchronous), and a power
/// loss can take back the commits made since. A checkpoint every <see cref="Interval"/> bounds
/// that window in time, where SQLite's own threshold bounded it only in pages: on a quiet
/// instance, commits could wait for the kernel's write-back before.
/// </para>
/// </remarks>
internal sealed class SqliteWalCheckpoints(
    NetIdentityDatabaseSettings settings,
    ILogger<SqliteWalCheckpoints> logger,
    long restartPages = SqliteWalCheckpoints.RestartPages,
    TimeSpan? restartWait = null) : BackgroundService
{
    /// <summary>How often the log is copied into the database file.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many pages the log may hold before a pass also starts it over (about 16 MB of 4 KB
    /// pages, a few seconds of logins at full load); below <see cref="SqlitePragmas.AutoCheckpointPages"/>.
    /// </summary>
    public const long RestartPages = 4_000;

    /// <summary>How long a restart waits for the readers still in the log, and holds writers back meanwhile.</summary>
    public static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(50);

    private readonly string restart = string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout={(int)(restartWait ?? RestartWait).TotalMilliseconds}; PRAGMA wal_checkpoint(RESTART);");

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
    /// One pass: <c>PRAGMA wal_checkpoint(PASSIVE)</c>, and <c>RESTART</c> after it when the log
    /// holds <see cref="RestartPages"/> or more. SQLite's answer to the last one, or a
    /// <see cref="SqliteException"/> if the database cannot be opened.
    /// </summary>
    public async Task<WalCheckpoint> CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken);
            var passive = await PragmaAsync(connection, "PRAGMA wal_checkpoint(PASSIVE);", cancellationToken);
            if (passive.LogPages < restartPages)
            {
                return passive;
            }

            return await PragmaAsync(connection, restart, cancellationToken);
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

    private static async Task<WalCheckpoint> PragmaAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            await using (reader.ConfigureAwait(false))
            {
                // busy_timeout answers a row of its own first; wal_checkpoint's is the last result.
                WalCheckpoint? answer = null;
                do
                {
                    if (reader.FieldCount == 3 && await reader.ReadAsync(cancellationToken))
                    {
                        answer = new WalCheckpoint(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));

                return answer ?? throw new InvalidOperationException("SQLite answered wal_checkpoint without a row.");
            }
        }
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
