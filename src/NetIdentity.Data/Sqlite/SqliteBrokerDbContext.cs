using Microsoft.EntityFrameworkCore;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// <see cref="BrokerDbContext"/> on SQLite (one machine). Its migrations live in
/// <c>Migrations/Sqlite</c> and are found by this type alone.
/// </summary>
public sealed class SqliteBrokerDbContext : BrokerDbContext
{
    public SqliteBrokerDbContext(DbContextOptions<SqliteBrokerDbContext> options)
        : base(options)
    {
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date type, and EF stores DateTimeOffset as text it cannot compare or sort
        // in SQL (EF Core docs, "SQLite limitations"). UTC ticks in an INTEGER compare and sort
        // correctly, exactly. PostgreSQL keeps its native timestamptz. The values are cut to whole
        // microseconds before they are written (StoredTime), so both round-trip the same instant.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    internal static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString)
            .AddInterceptors(PlainSqliteConnections.Instance, SqlitePragmas.Instance);
}
