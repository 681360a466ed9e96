using Microsoft.EntityFrameworkCore;
using NetIdentity.Data.PostgreSql;
using NetIdentity.Data.Sqlite;

namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>Contexts that are only asked about their model and migrations: they never connect.</summary>
internal static class DesignTimeContexts
{
    public static SqliteBrokerDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    public static PostgresBrokerDbContext PostgreSql() => new PostgresDesignTimeFactory().CreateDbContext([]);
}
