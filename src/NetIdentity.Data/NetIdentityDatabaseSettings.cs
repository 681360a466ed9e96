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
/// <c>Database:Provider</c> and <c>ConnectionStrings:NetIdentity</c>. The connection string may
/// hold a password: never log it.
/// </summary>
public sealed class NetIdentityDatabaseSettings
{
    public const string ProviderKey = "Database:Provider";

    public const string ConnectionStringName = "NetIdentity";

    /// <summary>A file created on first run, in the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=netidentity.db";

    private NetIdentityDatabaseSettings(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>For SQLite, with a relative file name already resolved against the content root.</summary>
    public string ConnectionString { get; }

    /// <exception cref="InvalidOperationException">The configuration cannot work; the message says how to fix it.</exception>
    internal static NetIdentityDatabaseSettings Read(IConfiguration configuration, string? contentRoot)
    {
        var provider = ReadProvider(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return provider switch
        {
            DatabaseProvider.Sqlite => new(provider, ResolveSqlite(connectionString, contentRoot)),
            _ => new(provider, CheckPostgreSql(connectionString)),
        };
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

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({exception.Message}). "
                + "Use e.g. 'Host=db.example;Database=netidentity;Username=netidentity;Password=...'.",
                exception);
        }

        return connectionString;
    }
}
