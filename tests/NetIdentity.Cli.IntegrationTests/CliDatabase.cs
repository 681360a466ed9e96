using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NetIdentity.Data;
using Npgsql;

namespace NetIdentity.Cli.IntegrationTests;

/// <summary>
/// A broker database for the commands, migrated as a broker's start would: SQLite in a temp
/// folder, or PostgreSQL (<c>NETIDENTITY_TEST_POSTGRES</c>; skipped without it, failing in CI).
/// </summary>
internal sealed class CliDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    private readonly string _directory = Directory.CreateTempSubdirectory("netid-cli-").FullName;
    private readonly string? _server;
    private readonly string? _database;

    private CliDatabase(string? server, string? database)
    {
        _server = server;
        _database = database;
        Settings = server is null
            ? new Dictionary<string, string?> { ["ConnectionStrings:NetIdentity"] = $"Data Source={Path.Combine(_directory, "broker.db")}" }
            : new Dictionary<string, string?>
            {
                ["Database:Provider"] = PostgreSql,
                ["ConnectionStrings:NetIdentity"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
            };
    }

    public static TheoryData<string> Providers => new(Sqlite, PostgreSql);

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<CliDatabase> CreateAsync(string provider)
    {
        CliDatabase database;
        if (provider == Sqlite)
        {
            database = new CliDatabase(null, null);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("NETIDENTITY_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(server))
            {
                const string Message = "PostgreSQL not available: set NETIDENTITY_TEST_POSTGRES, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres.";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Fail(Message + " CI=true, so this fails instead of skipping.");
                }

                Assert.Skip(Message);
            }

            database = new CliDatabase(server, "netid_cli_" + Guid.NewGuid().ToString("N"));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddNetIdentityData(configuration, database._directory);
        await using var provider2 = services.BuildServiceProvider();
        await provider2.MigrateNetIdentityDatabaseAsync(TestContext.Current.CancellationToken);
        return database;
    }

    /// <summary>Runs <c>netidentity</c> with <paramref name="args"/> on this database; returns the exit code and what it wrote.</summary>
    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NetIdentityCli.RunAsync(args, output, error, Settings, "Development");
        return (exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }

        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
