using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>
/// A real, empty database of one provider: a temporary SQLite file, or a uniquely named
/// PostgreSQL database dropped on dispose. Storage tests run over both (STYLE convention 10).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    private readonly List<ServiceProvider> _services = [];
    private readonly Func<Task> _drop;

    private TestDatabase(string provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
        Configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["ConnectionStrings:NetIdentity"] = connectionString,
            })
            .Build();
    }

    public static TheoryData<string> Providers => new(Sqlite, PostgreSql);

    public string Provider { get; }

    public string ConnectionString { get; }

    public IConfiguration Configuration { get; }

    /// <summary>Creates the database; migrated unless asked not to.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        var database = provider switch
        {
            Sqlite => CreateSqlite(),
            PostgreSql => await CreatePostgreSqlAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown test provider."),
        };

        if (migrate)
        {
            await database.BuildServices().MigrateNetIdentityDatabaseAsync(TestContext.Current.CancellationToken);
        }

        return database;
    }

    /// <summary>
    /// A broker instance's services on this database (AddNetIdentityData), disposed with it;
    /// <paramref name="connectionString"/> in place of <see cref="ConnectionString"/> (the same
    /// database with other settings).
    /// </summary>
    public ServiceProvider BuildServices(Action<IServiceCollection>? configure = null, string? connectionString = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNetIdentityData(connectionString is null
            ? Configuration
            : new ConfigurationBuilder()
                .AddConfiguration(Configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:NetIdentity"] = connectionString })
                .Build());
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        lock (_services)
        {
            _services.Add(provider);
        }

        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _services)
        {
            await provider.DisposeAsync();
        }

        await _drop();
    }

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "netidentity-data-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file}";
        return new TestDatabase(Sqlite, connectionString, () =>
        {
            using (var connection = new SqliteConnection(connectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }

            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgreSqlAsync()
    {
        var server = await PostgresServer.RequireAsync();
        var name = $"netidentity_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(PostgreSql, connectionString, () => ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
