using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Sqlite;

namespace NetIdentity.Data.IntegrationTests;

public sealed class MigrationTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_OnEmptyDatabase_LeavesNoPendingMigrations(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var services = database.BuildServices();

        await services.MigrateNetIdentityDatabaseAsync(TestContext.Current.CancellationToken);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_WhenTwoInstancesStartAtOnce_BothSucceed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var first = database.BuildServices();
        var second = database.BuildServices();

        await Task.WhenAll(
            first.MigrateNetIdentityDatabaseAsync(TestContext.Current.CancellationToken),
            second.MigrateNetIdentityDatabaseAsync(TestContext.Current.CancellationToken));

        await using var scope = first.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_DatabaseAtInitialWithRows_UpgradesAndKeepsThem(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var services = database.BuildServices();
        var bizSeq = LogEntries.NewBizSeq();
        var consumedAt = ConsentData.Stored(ConsentData.Noon);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var initial = InitialMigration(db);
            await db.GetService<IMigrator>().MigrateAsync(initial, cancellationToken: Cancel);
            Assert.Equal([initial], await db.Database.GetAppliedMigrationsAsync(Cancel));

            // A bizSeq consumed before the upgrade, in the Initial shape: no code_issued_at yet.
            object storedAt = provider == TestDatabase.Sqlite ? consumedAt.UtcTicks : consumedAt;
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO consumed_biz_seqs (biz_seq, client_id, consumed_at) VALUES ({bizSeq}, {"demo-platform"}, {storedAt})",
                Cancel);
        }

        await services.MigrateNetIdentityDatabaseAsync(Cancel);

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
            var consumed = await db.ConsumedBizSeqs.AsNoTracking().SingleAsync(c => c.BizSeq == bizSeq, Cancel);
            Assert.Equal(consumedAt, consumed.ConsumedAt);
            Assert.Null(consumed.CodeIssuedAt);
        }

        Assert.True(await services.GetRequiredService<ICodeIssuance>().TryMarkIssuedAsync(bizSeq, ConsentData.Noon, Cancel));
        var person = ConsentData.NewKey();
        await services.GetRequiredService<IConsentLedger>().AppendAsync(ConsentData.Grant(person, "demo-platform", ConsentData.Noon), Cancel);
        Assert.Single(await services.GetRequiredService<IConsentLedger>().ForPersonAsync(person, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_OutboxRowsQueuedBeforeLeases_StayPendingOrDeliveredAndCanBeClaimed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var services = database.BuildServices();
        var (pending, delivered) = (ConsentData.NewId(), ConsentData.NewId());
        var at = ConsentData.Stored(ConsentData.Noon);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(id => id.EndsWith("_OutboxLeases", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before, cancellationToken: Cancel);

            // Rows in the shape before leases and dead letters: no lease, no failure time.
            object storedAt = provider == TestDatabase.Sqlite ? at.UtcTicks : at;
            foreach (var (id, deliveredAt) in new[] { (pending, (object?)null), (delivered, storedAt) })
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO event_outbox (id, client_id, endpoint, payload, created_at, attempts, next_attempt_at, delivered_at, last_error)
                    VALUES ({id}, {"demo-platform"}, {"https://platform.example/events"}, {"{}"}, {storedAt}, {3}, {storedAt}, {deliveredAt}, {"503"})
                    """,
                    Cancel);
            }
        }

        await services.MigrateNetIdentityDatabaseAsync(Cancel);

        var outbox = services.GetRequiredService<IEventOutbox>();
        Assert.Equal(OutboxState.Delivered, (await outbox.FindAsync(delivered, Cancel))!.State);
        var claimed = Assert.Single(await outbox.ClaimAsync("instance-a", ConsentData.Noon, TimeSpan.FromMinutes(1), 10, Cancel));
        Assert.Equal((pending, OutboxState.Pending, 3, (DateTimeOffset?)null), (claimed.Id, claimed.State, claimed.Attempts, claimed.FailingSince));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_BackToInitial_DropsTheNewTablesAndKeepsConsumedBizSeqs(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = database.BuildServices();
        var bizSeq = LogEntries.NewBizSeq();
        Assert.True(await services.GetRequiredService<IAuthenticationLog>().AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel));
        Assert.True(await services.GetRequiredService<ICodeIssuance>().TryMarkIssuedAsync(bizSeq, ConsentData.Noon, Cancel));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var initial = InitialMigration(db);

        await db.GetService<IMigrator>().MigrateAsync(initial, cancellationToken: Cancel);

        Assert.Equal([initial], await db.Database.GetAppliedMigrationsAsync(Cancel));
        Assert.Equal([bizSeq], await db.Database.SqlQuery<string>($"SELECT biz_seq AS \"Value\" FROM consumed_biz_seqs").ToListAsync(Cancel));
        var tableQuery = provider == TestDatabase.Sqlite
            ? db.Database.SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name IN ('consent_ledger', 'identity_deliveries', 'event_outbox')")
            : db.Database.SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_name IN ('consent_ledger', 'identity_deliveries', 'event_outbox')");
        Assert.Equal([0L], await tableQuery.ToListAsync(Cancel));
    }

    [Fact]
    public void Migrations_OfTheTwoProviders_AreSeparateHistories()
    {
        using var sqlite = DesignTimeContexts.Sqlite();
        using var postgres = DesignTimeContexts.PostgreSql();

        var sqliteIds = sqlite.Database.GetMigrations().ToList();
        var postgresIds = postgres.Database.GetMigrations().ToList();

        Assert.NotEmpty(sqliteIds);
        Assert.NotEmpty(postgresIds);
        Assert.Empty(sqliteIds.Intersect(postgresIds));
        Assert.All(sqlite.GetService<IMigrationsAssembly>().Migrations.Values, m => Assert.EndsWith(".Migrations.Sqlite", m.Namespace, StringComparison.Ordinal));
        Assert.All(postgres.GetService<IMigrationsAssembly>().Migrations.Values, m => Assert.EndsWith(".Migrations.PostgreSql", m.Namespace, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public void Model_OfEachProvider_HasNoChangesMissingFromItsMigrations(string provider)
    {
        using BrokerDbContext db = provider == TestDatabase.Sqlite ? DesignTimeContexts.Sqlite() : DesignTimeContexts.PostgreSql();

        Assert.False(db.Database.HasPendingModelChanges(), $"Add a migration: dotnet dotnet-ef migrations add <Name> --project src/NetIdentity.Data --context {db.GetType().Name} --output-dir Migrations/{provider}");
    }

    [Fact]
    public async Task SqliteConnection_OpenedByTheContext_UsesWriteAheadLogWithNormalSync_WaitsForTheWriteLockInSqlite_AndLeavesCheckpointsToTheBackground()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var scope = database.BuildServices().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();

        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous")); // 1 = NORMAL
        Assert.Equal(30_000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
        Assert.Equal((long)SqlitePragmas.AutoCheckpointPages, await ScalarAsync(connection, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public async Task SqliteConnection_OpenedByTheContext_CarriesNoFunctionsOfEfCore()
    {
        // EF Core's own SqliteConnection carries seven functions, four aggregates and a collation
        // (regexp, ef_add … for decimals and Regex.IsMatch in queries), which Microsoft.Data.Sqlite
        // registers on the native handle at every open and removes at every close (issue 10's
        // profile: 5 % of the broker's CPU). The broker's connection carries none.
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var scope = database.BuildServices().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();

        await db.Database.OpenConnectionAsync(Cancel);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        foreach (var sql in new[] { "SELECT ef_add(1, 2)", "SELECT ef_compare(1, 2)", "SELECT regexp('a', 'a')", "SELECT ef_sum(1)", "SELECT 'a' < 'b' COLLATE EF_DECIMAL" })
        {
            var refused = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(connection, sql));
            Assert.Equal(1, refused.SqliteErrorCode); // SQLITE_ERROR: no such function / collation sequence
            Assert.Matches("no such (function|collation sequence)", refused.Message);
        }

        // The connection is otherwise the one EF Core would make: the same database, the pragmas.
        Assert.Equal(scope.ServiceProvider.GetRequiredService<NetIdentityDatabaseSettings>().ConnectionString, connection.ConnectionString);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Model_HasNoDecimalProperty_SinceTheSqliteConnectionHasNoDecimalFunctions(string provider)
    {
        // A decimal column on SQLite needs EF Core's ef_* functions in every query that compares,
        // sums or sorts it; the broker's SQLite connection does not carry them (above). Should a
        // decimal be needed, store it as an integer of minor units, or register those functions.
        using BrokerDbContext db = provider == TestDatabase.Sqlite ? DesignTimeContexts.Sqlite() : DesignTimeContexts.PostgreSql();

        var decimals = db.Model.GetEntityTypes()
            .SelectMany(type => type.GetProperties().Select(property => (type, property)))
            .Where(p => (Nullable.GetUnderlyingType(p.property.ClrType) ?? p.property.ClrType) == typeof(decimal))
            .Select(p => $"{p.type.DisplayName()}.{p.property.Name}");
        Assert.Empty(decimals);
    }

    [Fact]
    public async Task SqliteConnection_ReopenedFromThePool_DoesNotRunThePragmasAgain_ButANewHandleGetsThem()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var services = database.BuildServices();
        var cancellation = TestContext.Current.CancellationToken;

        // The first open configures the pooled handle; then something changes the setting on it.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            await db.Database.OpenConnectionAsync(cancellation);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous"));
            await ScalarAsync(connection, "PRAGMA synchronous=FULL");
            await db.Database.CloseConnectionAsync();
        }

        // The next open reuses that handle from the pool: the interceptor knows it and runs nothing
        // (before issue 10 it ran both pragmas on every open, two statements per query).
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            await db.Database.OpenConnectionAsync(cancellation);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous")); // 2 = FULL, left as it was
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearPool(connection);
        }

        // A new native handle is configured again.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            await db.Database.OpenConnectionAsync(cancellation);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous"));
        }
    }

    [Fact]
    public async Task Migrate_AfterAKilledProcessLeftTheSqliteLock_RemovesItAndMigrates()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, migrate: false);
        await LockSqliteMigrationsAsync(database, DateTimeOffset.UtcNow.AddHours(-1));
        var services = database.BuildServices();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        await services.MigrateNetIdentityDatabaseAsync(timeout.Token);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Migrate_WhileAFreshSqliteLockIsHeld_WaitsForIt()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, migrate: false);
        await LockSqliteMigrationsAsync(database, DateTimeOffset.UtcNow);
        var services = database.BuildServices();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.MigrateNetIdentityDatabaseAsync(timeout.Token));
    }

    private static string InitialMigration(BrokerDbContext db) =>
        Assert.Single(db.Database.GetMigrations(), id => id.EndsWith("_Initial", StringComparison.Ordinal));

    /// <summary>The lock row as EF Core 10's SQLite provider writes it.</summary>
    private static async Task LockSqliteMigrationsAsync(TestDatabase database, DateTimeOffset takenAt)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, $timestamp);
            """;
        command.Parameters.AddWithValue("$timestamp", takenAt.ToString("yyyy-MM-dd HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
