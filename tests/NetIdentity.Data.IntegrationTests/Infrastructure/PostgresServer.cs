using System.Net.Sockets;
using Npgsql;

namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests may create and drop databases on, named by
/// <c>NETIDENTITY_TEST_POSTGRES</c>. Without one, a PostgreSQL test is skipped, except in CI
/// (<c>CI=true</c>), where a silently skipped provider would hide a broken store: there it fails.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "NETIDENTITY_TEST_POSTGRES";

    private static readonly Lazy<Task<string?>> Problem = new(ProbeAsync);

    /// <summary>The server's connection string (no database), or a skip, or in CI a failure.</summary>
    public static async Task<string> RequireAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        var problem = string.IsNullOrWhiteSpace(connectionString) ? $"{Variable} is not set" : await Problem.Value;
        if (problem is null)
        {
            return connectionString!;
        }

        var message = $"PostgreSQL not available: set {Variable} to a server where the tests may create and drop databases, "
            + $"e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres ({problem}).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " CI=true, so this fails instead of skipping.");
        }

        Assert.Skip(message);
        return null!;
    }

    private static async Task<string?> ProbeAsync()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Variable)) { Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or TimeoutException or SocketException)
        {
            return exception.Message;
        }
    }
}
