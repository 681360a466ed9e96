using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Sqlite;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// The SQLite write-ahead log is copied into the database file by a background service once a
/// second, not inside a login's commit (issue 10, docs/performance.md "Sixth round"). What is
/// asserted is where the committed rows are: a copy of the database file alone, without its log,
/// holds them only once a checkpoint ran.
/// </summary>
public sealed class SqliteWalCheckpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckpointOnce_CopiesWhatWasCommittedIntoTheDatabaseFile()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var services = database.BuildServices();
        var checkpoints = Checkpoints(services);
        await checkpoints.CheckpointOnceAsync(Cancel); // whatever the migrations left in the log
        await WriteProbeAsync(services, "before");

        // Committed, readable through the log, but not in the file: a commit no longer
        // checkpoints below SqlitePragmas.AutoCheckpointPages.
        Assert.Equal(0, await ProbeRowsInFileAloneAsync(database));

        var result = await checkpoints.CheckpointOnceAsync(Cancel);

        Assert.False(result.Busy);
        Assert.True(result.LogPages > 0, $"The log held {result.LogPages} pages.");
        Assert.Equal(result.LogPages, result.CheckpointedPages);
        Assert.Equal(1, await ProbeRowsInFileAloneAsync(database));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CheckpointOnce_WhenTheLogIsLong_WaitsForTheReadersAndMakesTheNextWriterStartItOver(bool restart)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var services = database.BuildServices();
        await WriteProbeAsync(services, "before", rows: 200);
        var checkpoints = new SqliteWalCheckpoints(
            Settings(database.ConnectionString),
            NullLogger<SqliteWalCheckpoints>.Instance,
            restartPages: restart ? 10 : long.MaxValue,
            restartWait: TimeSpan.FromSeconds(30));

        // Under load there is always a reader in the log and a commit after its snapshot, so a
        // PASSIVE checkpoint alone never copies all of it, and the log never starts over.
        await using var reader = new SqliteConnection(database.ConnectionString);
        await reader.OpenAsync(Cancel);
        var transaction = reader.BeginTransaction(deferred: true);
        await using (var select = reader.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT count(*) FROM wal_probe";
            Assert.Equal(201L, await select.ExecuteScalarAsync(Cancel));
        }

        await InsertAsync(services, "during");
        var readerDone = Task.Run(
            async () =>
            {
                await Task.Delay(200, Cancel);
                transaction.Commit();
                transaction.Dispose();
            },
            Cancel);

        var pass = await checkpoints.CheckpointOnceAsync(Cancel);
        await readerDone;
        await InsertAsync(services, "after");
        var next = await new SqliteWalCheckpoints(Settings(database.ConnectionString), NullLogger<SqliteWalCheckpoints>.Instance)
            .CheckpointOnceAsync(Cancel);

        Assert.False(pass.Busy);
        Assert.True(pass.LogPages > 10, $"The log held {pass.LogPages} pages.");
        if (restart)
        {
            // The restart waited for the reader, copied everything, and the next insert began the log again.
            Assert.Equal(pass.LogPages, pass.CheckpointedPages);
            Assert.True(next.LogPages < 10, $"The log held {next.LogPages} pages after the restart.");
        }
        else
        {
            Assert.True(pass.CheckpointedPages < pass.LogPages, $"{pass.CheckpointedPages} of {pass.LogPages} pages copied past a reader.");
            Assert.True(next.LogPages > pass.LogPages, $"The log held {next.LogPages} pages, {pass.LogPages} before.");
        }
    }

    [Fact]
    public async Task CheckpointOnce_WhileAReaderStaysInTheLog_GivesUpTheRestartAndWritersGoOn()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var services = database.BuildServices();
        await WriteProbeAsync(services, "before", rows: 200);
        var checkpoints = new SqliteWalCheckpoints(
            Settings(database.ConnectionString), NullLogger<SqliteWalCheckpoints>.Instance, restartPages: 10);

        // A reader in the middle of a transaction, its snapshot in the log.
        await using var reader = new SqliteConnection(database.ConnectionString);
        await reader.OpenAsync(Cancel);
        await using var transaction = reader.BeginTransaction(deferred: true);
        await using (var select = reader.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT count(*) FROM wal_probe";
            Assert.Equal(201L, await select.ExecuteScalarAsync(Cancel));
        }

        var pass = await checkpoints.CheckpointOnceAsync(Cancel);

        Assert.True(pass.Busy, "A restart cannot finish while a reader is in the log.");
        Assert.Equal(pass.LogPages, pass.CheckpointedPages); // everything was copied all the same
        await InsertAsync(services, "after");
    }

    private static async Task InsertAsync(IServiceProvider services, string value)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().Database
            .ExecuteSqlAsync($"INSERT INTO wal_probe (value) VALUES ({value})", Cancel);
    }

    [Fact]
    public async Task Service_WhenRunning_CheckpointsWithoutBeingAsked()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var services = database.BuildServices();
        var checkpoints = Checkpoints(services);
        await checkpoints.CheckpointOnceAsync(Cancel);
        await WriteProbeAsync(services, "running");
        Assert.Equal(0, await ProbeRowsInFileAloneAsync(database));

        await checkpoints.StartAsync(Cancel);
        try
        {
            // The service's interval is a second; ten are allowed for a loaded machine.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (await ProbeRowsInFileAloneAsync(database) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Cancel);
            }

            Assert.Equal(1, await ProbeRowsInFileAloneAsync(database));
        }
        finally
        {
            await checkpoints.StopAsync(Cancel);
        }
    }

    [Fact]
    public async Task CheckpointOnce_OfADatabaseThatIsNotThere_FailsAndCreatesNoFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "netidentity-data-tests", $"{Guid.NewGuid():N}-absent.db");
        var checkpoints = new SqliteWalCheckpoints(Settings($"Data Source={file}"), NullLogger<SqliteWalCheckpoints>.Instance);

        var failure = await Assert.ThrowsAsync<SqliteException>(() => checkpoints.CheckpointOnceAsync(Cancel));

        Assert.Equal(14, failure.SqliteErrorCode); // SQLITE_CANTOPEN
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Tick_WhenCheckpointsFail_LogsOnceUntilTheyWorkAgain()
    {
        var folder = Path.Combine(Path.GetTempPath(), "netidentity-data-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}-late.db");
        var events = new ConcurrentQueue<(LogLevel Level, int Id)>();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(new EventIds(events)));
        var checkpoints = new SqliteWalCheckpoints(Settings($"Data Source={file}"), loggers.CreateLogger<SqliteWalCheckpoints>());
        try
        {
            await checkpoints.TickAsync(Cancel);
            await checkpoints.TickAsync(Cancel);
            Assert.Equal([(LogLevel.Warning, 4008)], events);

            await using (var connection = new SqliteConnection($"Data Source={file}"))
            {
                await connection.OpenAsync(Cancel);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER);";
                await command.ExecuteNonQueryAsync(Cancel);
            }

            await checkpoints.TickAsync(Cancel);
            await checkpoints.TickAsync(Cancel);
            Assert.Equal([(LogLevel.Warning, 4008), (LogLevel.Information, 4009)], events);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void Registration_OnlyForADatabaseFile()
    {
        Assert.Single(HostedCheckpoints("Sqlite", "Data Source=/tmp/netidentity.db"));
        Assert.Empty(HostedCheckpoints("Sqlite", "Data Source=:memory:"));
        Assert.Empty(HostedCheckpoints("Sqlite", "Data Source=shared;Mode=Memory;Cache=Shared"));
        Assert.Empty(HostedCheckpoints("PostgreSql", "Host=127.0.0.1;Database=netidentity;Username=u;Password=p"));
    }

    private static SqliteWalCheckpoints Checkpoints(IServiceProvider services) =>
        Assert.Single(services.GetServices<IHostedService>().OfType<SqliteWalCheckpoints>());

    private static List<SqliteWalCheckpoints> HostedCheckpoints(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["ConnectionStrings:NetIdentity"] = connectionString,
            })
            .Build();
        using var services = new ServiceCollection().AddNetIdentityData(configuration).BuildServiceProvider();
        return services.GetServices<IHostedService>().OfType<SqliteWalCheckpoints>().ToList();
    }

    private static NetIdentityDatabaseSettings Settings(string connectionString) =>
        NetIdentityDatabaseSettings.Read(
            new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:NetIdentity"] = connectionString })
                .Build(),
            contentRoot: null);

    /// <summary>
    /// A table of its own with one row, and <paramref name="rows"/> of 2 KB more, committed
    /// through the broker's context (its pragmas).
    /// </summary>
    private static async Task WriteProbeAsync(IServiceProvider services, string value, int rows = 0)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE wal_probe (value TEXT NOT NULL)", Cancel);
        await db.Database.ExecuteSqlAsync($"INSERT INTO wal_probe (value) VALUES ({value})", Cancel);
        var filler = new string('x', 2048);
        for (var i = 0; i < rows; i++)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO wal_probe (value) VALUES ({filler})", Cancel);
        }
    }

    /// <summary>
    /// The probe's rows in a copy of the database file made without its log: what a checkpoint
    /// has copied into the file, and nothing else (0 when the table is not there yet).
    /// </summary>
    private static async Task<long> ProbeRowsInFileAloneAsync(TestDatabase database)
    {
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var copy = Path.Combine(Path.GetDirectoryName(file)!, $"{Guid.NewGuid():N}-copy.db");
        File.Copy(file, copy);
        try
        {
            await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'wal_probe'";
            if ((long)(await command.ExecuteScalarAsync(Cancel))! == 0)
            {
                return 0;
            }

            command.CommandText = "SELECT count(*) FROM wal_probe";
            return (long)(await command.ExecuteScalarAsync(Cancel))!;
        }
        finally
        {
            foreach (var path in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Keeps the level and event id of every line logged.</summary>
    private sealed class EventIds(ConcurrentQueue<(LogLevel Level, int Id)> events) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(events);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, int Id)> events) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                events.Enqueue((logLevel, eventId.Id));
        }
    }
}
