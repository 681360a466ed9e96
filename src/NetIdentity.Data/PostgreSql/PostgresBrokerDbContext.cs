using Microsoft.EntityFrameworkCore;

namespace NetIdentity.Data.PostgreSql;

/// <summary>
/// <see cref="BrokerDbContext"/> on PostgreSQL (several instances). Its migrations live in
/// <c>Migrations/PostgreSql</c> and are found by this type alone.
/// </summary>
public sealed class PostgresBrokerDbContext : BrokerDbContext
{
    public PostgresBrokerDbContext(DbContextOptions<PostgresBrokerDbContext> options)
        : base(options)
    {
    }

    /// <remarks>
    /// Retries transient failures (a fail-over, a dropped connection) with Npgsql's execution
    /// strategy. Each SaveChanges is one retriable unit; the stores here never open a transaction
    /// of their own, which that strategy would refuse.
    /// </remarks>
    internal static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure());
}
