using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NetIdentity.Data.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context PostgresBrokerDbContext</c> build the model without
/// the broker or a server: adding a migration does not connect.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBrokerDbContext>
{
    public PostgresBrokerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresBrokerDbContext>();
        PostgresBrokerDbContext.Configure(
            options, "Host=localhost;Database=netidentity", NetIdentityDatabaseSettings.DefaultMaxRetryCount, NetIdentityDatabaseSettings.DefaultMaxRetryDelay);
        return new PostgresBrokerDbContext(options.Options);
    }
}
