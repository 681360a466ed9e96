using Npgsql;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Cli.Tests;

/// <summary>An empty database of one provider for one test, and the <c>--set</c> arguments that point the CLI at it.</summary>
internal sealed class CliDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    private readonly string? _folder;
    private readonly string? _server;
    private readonly string? _name;

    private CliDatabase(string provider, string connectionString, string? folder, string? server, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _server = server;
        _name = name;
    }

    public static TheoryData<string> Providers => new() { Sqlite, PostgreSql };

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The database settings, followed by the command's own arguments, in the Development environment (the sandbox's valid configuration).</summary>
    public string[] Args(params string[] command) =>
        [.. command, "--environment", "Development", "--set", $"Database:Provider={Provider}", "--set", $"ConnectionStrings:NetIdentity={ConnectionString}"];

    public static async Task<CliDatabase> CreateAsync(string provider)
    {
        if (provider == Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("netid-cli-").FullName;
            return new CliDatabase(provider, $"Data Source={Path.Combine(folder, "broker.db")}", folder, null, null);
        }

        var server = await PostgresServer.RequireAsync();
        var name = "netid_cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new CliDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, null, server, name);
    }

    /// <summary>A database a broker's start would have migrated.</summary>
    public static async Task<CliDatabase> MigratedAsync(string provider)
    {
        var database = await CreateAsync(provider);
        var migrated = await database.RunAsync("migrate");
        Assert.Equal(ExitCodes.Ok, migrated.Exit);
        return database;
    }

    /// <summary>Runs <c>netidentity</c> with <paramref name="command"/> on this database, in Development.</summary>
    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] command)
    {
        var run = await CliRun.RunAsync(Args(command));
        return (run.ExitCode, run.Output, run.Error);
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }

        if (_server is not null)
        {
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
