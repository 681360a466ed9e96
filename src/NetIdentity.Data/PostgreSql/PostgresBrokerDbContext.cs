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
    /// strategy, up to <paramref name="maxRetryCount"/> times with exponentially growing waits
    /// of at most <paramref name="maxRetryDelay"/> (<c>Database:MaxRetryCount</c>,
    /// <c>Database:MaxRetryDelay</c>; EF Core's defaults when not set). Each SaveChanges is one
    /// retriable unit; the stores here never open a transaction of their own, which that strategy
    /// would refuse.
    /// </remarks>
    internal static void Configure(DbContextOptionsBuilder options, string connectionString, int maxRetryCount, TimeSpan maxRetryDelay) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount, maxRetryDelay, errorCodesToAdd: null));
}
