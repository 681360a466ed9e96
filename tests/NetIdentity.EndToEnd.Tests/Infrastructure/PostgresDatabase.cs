using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A fresh database <c>netid_e2e_&lt;random&gt;</c> on the server named by
/// <c>NETIDENTITY_TEST_POSTGRES</c>, for the broker of one test run; dropped at the end.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "NETIDENTITY_TEST_POSTGRES";

    private readonly string serverConnectionString;

    private PostgresDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the new database, as the broker is given it.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database, or says why the server cannot be used.</summary>
    public static async Task<(PostgresDatabase? Database, string? Problem)> TryCreateAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var name = "netid_e2e_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        try
        {
            var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Timeout = 5, Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return (new PostgresDatabase(server, name), null);
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or TimeoutException or SocketException)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>Opens a connection to the new database (for reading what the broker stored).</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Drops the database, closing whatever the broker may have left open (PostgreSQL 13+).</summary>
    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
