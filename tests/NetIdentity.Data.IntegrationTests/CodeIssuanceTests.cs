using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Tests share a database per provider and keep apart by their own bizSeqs.</summary>
public sealed class CodeIssuanceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryMarkIssued_VerifiedBizSeq_ReturnsTrueAndStoresTheTime(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var bizSeq = await VerifiedBizSeqAsync(services);

        var marked = await services.GetRequiredService<ICodeIssuance>().TryMarkIssuedAsync(bizSeq, ConsentData.Noon, Cancel);

        Assert.True(marked);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.Equal(ConsentData.Stored(ConsentData.Noon), (await db.ConsumedBizSeqs.SingleAsync(c => c.BizSeq == bizSeq, Cancel)).CodeIssuedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryMarkIssued_Twice_ReturnsFalseTheSecondTime(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var issuance = services.GetRequiredService<ICodeIssuance>();
        var bizSeq = await VerifiedBizSeqAsync(services);
        await issuance.TryMarkIssuedAsync(bizSeq, ConsentData.Noon, Cancel);

        var again = await issuance.TryMarkIssuedAsync(bizSeq, ConsentData.Noon.AddSeconds(1), Cancel);

        Assert.False(again);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryMarkIssued_UnknownBizSeq_ReturnsFalse(string provider)
    {
        var issuance = (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<ICodeIssuance>();

        Assert.False(await issuance.TryMarkIssuedAsync(LogEntries.NewBizSeq(), ConsentData.Noon, Cancel));
        Assert.False(await issuance.TryMarkIssuedAsync("short", ConsentData.Noon, Cancel));
        Assert.False(await issuance.TryMarkIssuedAsync(LogEntries.NewBizSeq() + "0", ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryMarkIssued_TenAtOnceOnTwoInstances_ReturnsTrueOnce(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var instances = new[] { database.BuildServices(), database.BuildServices() }.Select(s => s.GetRequiredService<ICodeIssuance>()).ToArray();
        var bizSeq = await VerifiedBizSeqAsync(database.BuildServices());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 10).Select(async i =>
        {
            await start.Task;
            return await instances[i % 2].TryMarkIssuedAsync(bizSeq, ConsentData.Noon, Cancel);
        }).ToList();

        start.SetResult();
        var results = await Task.WhenAll(racing);

        Assert.Single(results, marked => marked);
    }

    /// <summary>A bizSeq as the broker leaves it after accepting its credential.</summary>
    private static async Task<string> VerifiedBizSeqAsync(IServiceProvider services)
    {
        var bizSeq = LogEntries.NewBizSeq();
        Assert.True(await services.GetRequiredService<IAuthenticationLog>().AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel));
        return bizSeq;
    }
}
