using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.Audit;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

public sealed class AuthenticationLogVerifierTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FindFirstBrokenPosition_OnIntactChain_ReturnsNull(string provider)
    {
        var (services, chainId) = await WriteChainAsync(provider, entries: 3);

        var broken = await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(chainId, Cancel);

        Assert.Null(broken);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FindFirstBrokenPosition_AfterResultCodeRewritten_ReturnsThatPosition(string provider)
    {
        var (services, chainId) = await WriteChainAsync(provider, entries: 3);
        await ExecuteAsync(services, db => db.Database.ExecuteSqlAsync(
            $"UPDATE authentication_log SET result_code = 'C0000000' WHERE chain_id = {chainId} AND \"position\" = 2", Cancel));

        var broken = await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(chainId, Cancel);

        Assert.Equal(2, broken);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FindFirstBrokenPosition_AfterRowDeleted_ReturnsItsPosition(string provider)
    {
        var (services, chainId) = await WriteChainAsync(provider, entries: 3);
        await ExecuteAsync(services, db => db.Database.ExecuteSqlAsync(
            $"DELETE FROM authentication_log WHERE chain_id = {chainId} AND \"position\" = 2", Cancel));

        var broken = await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(chainId, Cancel);

        Assert.Equal(2, broken);
    }

    private async Task<(IServiceProvider Services, string ChainId)> WriteChainAsync(string provider, int entries)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        for (var i = 0; i < entries; i++)
        {
            await log.AppendAsync(LogEntries.Failed(), Cancel);
        }

        return (services, log.ChainId);
    }

    private static async Task ExecuteAsync(IServiceProvider services, Func<BrokerDbContext, Task<int>> sql)
    {
        await using var scope = services.CreateAsyncScope();
        Assert.Equal(1, await sql(scope.ServiceProvider.GetRequiredService<BrokerDbContext>()));
    }
}
