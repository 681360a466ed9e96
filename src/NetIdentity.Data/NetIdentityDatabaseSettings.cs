using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace NetIdentity.Data;

/// <summary>The database engines NetIdentity runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One machine: a file next to the broker. The default.</summary>
    Sqlite,

    /// <summary>Several broker instances sharing one database.</summary>
    PostgreSql,
}

/// <summary>
/// The database configuration as read and checked by <c>AddNetIdentityData</c>:
/// <c>Database:Provider</c>, <c>ConnectionStrings:NetIdentity</c> and, for PostgreSQL, the retries
/// of a transient failure (<c>Database:MaxRetryCount</c>, <c>Database:MaxRetryDelay</c>). The
/// connection string may hold a password: never log it.
/// </summary>
public sealed class NetIdentityDatabaseSettings
{
    public const string ProviderKey = "Database:Provider";

    public const string ConnectionStringName = "NetIdentity";

    public const string MaxRetryCountKey = "Database:MaxRetryCount";

    public const string MaxRetryDelayKey = "Database:MaxRetryDelay";

    /// <summary>EF Core's default for a retrying execution strategy, which <c>EnableRetryOnFailure()</c> uses.</summary>
    public const int DefaultMaxRetryCount = 6;

    /// <summary>EF Core's default longest wait between two retries.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// PostgreSQL: how many statements each connection keeps prepared (Npgsql's
    /// <c>Max Auto Prepare</c>), unless the connection string says otherwise. Npgsql prepares a
    /// statement once it has run five times on a connection (<c>Auto Prepare Min Usages</c>) and
    /// keeps it across pooled opens, so the server parses and plans each of the broker's
    /// statements once per connection instead of on every login (issue 10 §2,
    /// docs/performance.md "Fifth round"). The broker runs a few dozen distinct statements.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// PostgreSQL: a connection returned to the pool is handed out again as it is (Npgsql's
    /// <c>No Reset On Close</c>), unless the connection string says otherwise. Without it, Npgsql
    /// sends seven statements with the next command (<c>SET SESSION AUTHORIZATION DEFAULT; RESET
    /// ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD
    /// TEMP</c>) on every open: measured, 22 times per 网号 login. The broker's connections serve
    /// the broker alone, and none of its statements leaves anything on a session (a setting, a
    /// session lock, a listener, a cursor, a temporary table; the migration lock is
    /// transaction-scoped): <c>PostgresSessionStateTests</c> keeps it so.
    /// </summary>
    public const bool DefaultNoResetOnClose = true;

    /// <summary>A file created on first run, in the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=netidentity.db";

    private NetIdentityDatabaseSettings(DatabaseProvider provider, string connectionString, int maxRetryCount, TimeSpan maxRetryDelay)
    {
        Provider = provider;
        ConnectionString = connectionString;
        MaxRetryCount = maxRetryCount;
        MaxRetryDelay = maxRetryDelay;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>For SQLite, with a relative file name already resolved against the content root.</summary>
    public string ConnectionString { get; }

    /// <summary>PostgreSQL: how often a unit of work that met a transient failure is tried again (0: never).</summary>
    public int MaxRetryCount { get; }

    /// <summary>PostgreSQL: the longest wait between two tries; the waits grow exponentially up to it.</summary>
    public TimeSpan MaxRetryDelay { get; }

    /// <exception cref="InvalidOperationException">The configuration cannot work; the message says how to fix it.</exception>
    internal static NetIdentityDatabaseSettings Read(IConfiguration configuration, string? contentRoot)
    {
        var provider = ReadProvider(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var maxRetryCount = ReadMaxRetryCount(configuration[MaxRetryCountKey]);
        var maxRetryDelay = ReadMaxRetryDelay(configuration[MaxRetryDelayKey]);
        return provider switch
        {
            DatabaseProvider.Sqlite => new(provider, ResolveSqlite(connectionString, contentRoot), maxRetryCount, maxRetryDelay),
            _ => new(provider, CheckPostgreSql(connectionString), maxRetryCount, maxRetryDelay),
        };
    }

    private static int ReadMaxRetryCount(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultMaxRetryCount;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        throw new InvalidOperationException(
            $"{MaxRetryCountKey} is '{value}'. Set it to a whole number, 0 (no retries) or more, or remove it to get the default, {DefaultMaxRetryCount}.");
    }

    private static TimeSpan ReadMaxRetryDelay(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultMaxRetryDelay;
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero)
        {
            return delay;
        }

        throw new InvalidOperationException(
            $"{MaxRetryDelayKey} is '{value}'. Set it to a positive time span such as 00:00:30, or remove it to get that default.");
    }

    private static DatabaseProvider ReadProvider(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (string.Equals(value, nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.PostgreSql;
        }

        throw new InvalidOperationException(
            $"{ProviderKey} is '{value}', which NetIdentity does not support. "
            + $"Set {ProviderKey} to 'Sqlite' (one machine; the default) or 'PostgreSql' (several instances).");
    }

    private static string ResolveSqlite(string? connectionString, string? contentRoot)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(
                string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid SQLite connection string ({exception.Message}). "
                + $"Use e.g. '{DefaultSqliteConnectionString}', or remove it to get that default.",
                exception);
        }

        // A relative file name means "next to the application", not "wherever the process was
        // started from", so the database does not move when the working directory does.
        var dataSource = builder.DataSource;
        if (contentRoot is not null
            && builder.Mode != SqliteOpenMode.Memory
            && dataSource.Length > 0
            && dataSource != ":memory:"
            && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && !dataSource.StartsWith("|DataDirectory|", StringComparison.OrdinalIgnoreCase)
            && !Path.IsPathRooted(dataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, dataSource));
        }

        return builder.ConnectionString;
    }

    private static string CheckPostgreSql(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is 'PostgreSql' but ConnectionStrings:{ConnectionStringName} is empty. "
                + $"Set ConnectionStrings:{ConnectionStringName} to the PostgreSQL connection string, "
                + "e.g. 'Host=db.example;Database=netidentity;Username=netidentity;Password=...'.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({exception.Message}). "
                + "Use e.g. 'Host=db.example;Database=netidentity;Username=netidentity;Password=...'.",
                exception);
        }

        // Where the connection string sets either, the operator's choice wins (0: never prepare).
        if (!Mentions(connectionString, "maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Mentions(connectionString, "noresetonclose"))
        {
            builder.NoResetOnClose = DefaultNoResetOnClose;
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether a connection string sets a keyword, in any of Npgsql's spellings (case and spaces ignored).</summary>
    private static bool Mentions(string connectionString, string keyword)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys;
        return keys is not null && keys.Cast<string>().Any(key =>
            string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));
    }
}
