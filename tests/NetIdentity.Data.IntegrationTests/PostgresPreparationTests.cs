using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// On PostgreSQL the broker's connections keep its statements prepared
/// (<see cref="NetIdentityDatabaseSettings.DefaultMaxAutoPrepare"/>): the server parses and plans
/// a statement once per connection, not on every login (docs/performance.md, "Fifth round").
/// </summary>
public sealed class PostgresPreparationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStatementRunRepeatedly_IsPreparedOnTheServer_AndStaysPreparedAcrossPooledOpens()
    {
        var prepared = await PreparedAfterSixUsesAsync(settings: string.Empty);

        Assert.Contains(prepared, statement => statement.Contains(ConsumedBizSeqConfiguration.Table, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithPreparationTurnedOffInTheConnectionString_NothingIsPrepared()
    {
        // The operator's "Max Auto Prepare=0" wins over the broker's default.
        var prepared = await PreparedAfterSixUsesAsync(settings: ";Max Auto Prepare=0");

        Assert.DoesNotContain(prepared, statement => statement.Contains(ConsumedBizSeqConfiguration.Table, StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs one query six times, each on a context of its own (each opens the pooled connection
    /// and returns it, as a login's steps do; Npgsql prepares after five uses), on a pool of one
    /// connection so that every open is the same server session; then lists what that session
    /// holds prepared.
    /// </summary>
    private static async Task<List<string>> PreparedAfterSixUsesAsync(string settings)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.PostgreSql);
        var services = database.BuildServices(connectionString: database.ConnectionString + settings + ";Maximum Pool Size=1");
        var bizSeq = "prep-" + Guid.NewGuid().ToString("N");

        for (var i = 0; i < 6; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            Assert.False(await db.ConsumedBizSeqs.AnyAsync(c => c.BizSeq == bizSeq, Cancel));
        }

        await using var check = services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await context.Database
            .SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements")
            .ToListAsync(Cancel);
    }
}
