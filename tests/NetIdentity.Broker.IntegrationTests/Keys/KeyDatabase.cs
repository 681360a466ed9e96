using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>
/// A database for the key rotation tests, SQLite or PostgreSQL, that several brokers can share
/// (instances on one database), and a short schedule: keys published a minute ahead, JWKS cached
/// 30 s, every instance re-reading the keys every second. PostgreSQL needs
/// <c>NETIDENTITY_TEST_POSTGRES</c>; without it those tests are skipped (in CI they fail).
/// </summary>
internal sealed class KeyDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public static readonly TimeSpan PublishAhead = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan JwksMaxAge = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;
    private readonly string _directory = Directory.CreateTempSubdirectory("netid-keys-").FullName;

    private KeyDatabase(string? postgresServer, string? postgresDatabase)
    {
        _postgresServer = postgresServer;
        _postgresDatabase = postgresDatabase;
    }

    public static TheoryData<string> Providers => new(Sqlite, PostgreSql);

    public static KeyDatabase Create(string provider)
    {
        if (provider == Sqlite)
        {
            return new KeyDatabase(null, null);
        }

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

        return new KeyDatabase(server, "netid_keys_" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>A broker on this database, started, on <paramref name="clock"/>.</summary>
    public BrokerHost Start(Uri authority, TimeProvider clock, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Broker:Keys:PublishAhead"] = PublishAhead.ToString(),
            ["Broker:Keys:JwksMaxAge"] = JwksMaxAge.ToString(),
            ["Broker:Keys:RefreshInterval"] = RefreshInterval.ToString(),
        };
        if (_postgresServer is not null)
        {
            all["Database:Provider"] = PostgreSql;
            all["ConnectionStrings:NetIdentity"] = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresDatabase }.ConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var broker = new BrokerHost(authority, all, services => services.AddSingleton(clock), _directory);
        _ = broker.Server; // start now: migrations, keys, platform sync
        return broker;
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

        if (_postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
