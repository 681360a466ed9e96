using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NetIdentity.Data.Sqlite;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context SqliteBrokerDbContext</c> build the model without
/// the broker. Adding a migration does not open the database.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBrokerDbContext>
{
    public SqliteBrokerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteBrokerDbContext>();
        SqliteBrokerDbContext.Configure(options, "Data Source=netidentity.db");
        return new SqliteBrokerDbContext(options.Options);
    }
}
