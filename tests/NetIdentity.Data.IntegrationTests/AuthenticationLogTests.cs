using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Data.Audit;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

public sealed class AuthenticationLogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_ThreeEntries_ChainsThemFromGenesis(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();

        await log.AppendAsync(LogEntries.Failed(), Cancel);
        await log.AppendAsync(LogEntries.Failed(), Cancel);
        await log.AppendAsync(LogEntries.Failed(), Cancel);

        var rows = await ReadChainAsync(services, log.ChainId);
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Position));
        Assert.Equal(AuditChain.Genesis, rows[0].PreviousHash);
        Assert.Equal(rows[0].Hash, rows[1].PreviousHash);
        Assert.Equal(rows[1].Hash, rows[2].PreviousHash);
        Assert.All(rows, r => Assert.Equal(AuditChain.Hash(r.PreviousHash, r.ChainId, r.Position, r.ToEntry()), r.Hash));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_WithSubMicrosecondTime_StoresAnInstantThatStillHashes(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        var time = new DateTimeOffset(2025, 7, 15, 10, 30, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);

        await log.AppendAsync(LogEntries.Failed() with { Time = time }, Cancel);

        var row = Assert.Single(await ReadChainAsync(services, log.ChainId));
        Assert.Equal(time.UtcTicks - 7, row.Time.UtcTicks);
        Assert.Equal(TimeSpan.Zero, row.Time.Offset);
        Assert.Null(await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(log.ChainId, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_WithUnusedBizSeq_ConsumesIt(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        var bizSeq = LogEntries.NewBizSeq();

        var appended = await log.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel);

        Assert.True(appended);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var consumed = await db.ConsumedBizSeqs.SingleAsync(c => c.BizSeq == bizSeq, Cancel);
        Assert.Equal("demo-platform", consumed.ClientId);
        Assert.Equal(bizSeq, (await db.AuthenticationLog.SingleAsync(r => r.ChainId == log.ChainId, Cancel)).BizSeq);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_WithUsedBizSeq_ReturnsFalseAndAppendsNothing(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        var bizSeq = LogEntries.NewBizSeq();
        await log.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel);

        var appended = await log.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel);

        Assert.False(appended);
        Assert.Single(await ReadChainAsync(services, log.ChainId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_WithUsedBizSeq_DoesNotAdvanceTheChain(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        var bizSeq = LogEntries.NewBizSeq();
        await log.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel);
        await log.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel);

        await log.AppendAsync(LogEntries.Failed(), Cancel);

        var rows = await ReadChainAsync(services, log.ChainId);
        Assert.Equal([1L, 2L], rows.Select(r => r.Position));
        Assert.Null(await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(log.ChainId, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_OneBizSeqOnTwoInstancesAtOnce_IsAcceptedOnce(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var first = database.BuildServices().GetRequiredService<EfAuthenticationLog>();
        var second = database.BuildServices().GetRequiredService<EfAuthenticationLog>();
        var bizSeq = LogEntries.NewBizSeq();

        var results = await Task.WhenAll(
            first.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel),
            second.AppendVerifiedAsync(LogEntries.Verified(bizSeq), Cancel));

        Assert.Single(results, accepted => accepted);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_WhenAnUnacknowledgedFirstAttemptWasStored_ReturnsTrueAndAdvances(string provider)
    {
        // What a retried SaveChanges meets when its first attempt committed but the answer was lost.
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();
        var entry = LogEntries.Verified(LogEntries.NewBizSeq()) with { Time = new DateTimeOffset(2025, 7, 15, 2, 30, 0, TimeSpan.Zero) };
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            db.AuthenticationLog.Add(Record(log.ChainId, 1, AuditChain.Genesis, entry));
            db.ConsumedBizSeqs.Add(new ConsumedBizSeq { BizSeq = entry.BizSeq!, ClientId = entry.ClientId, ConsumedAt = entry.Time });
            await db.SaveChangesAsync(Cancel);
        }

        var appended = await log.AppendVerifiedAsync(entry, Cancel);

        Assert.True(appended);
        await log.AppendAsync(LogEntries.Failed(), Cancel);
        Assert.Equal([1L, 2L], (await ReadChainAsync(services, log.ChainId)).Select(r => r.Position));
        Assert.Null(await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(log.ChainId, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendVerified_WithoutBizSeq_Throws(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => log.AppendVerifiedAsync(LogEntries.Verified(LogEntries.NewBizSeq()) with { BizSeq = null }, Cancel));

        Assert.Equal("entry", exception.ParamName);
        Assert.Empty(await ReadChainAsync(services, log.ChainId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_FiftyInParallel_FormsAGaplessValidChain(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var log = services.GetRequiredService<EfAuthenticationLog>();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? log.AppendAsync(LogEntries.Failed(), Cancel)
            : log.AppendVerifiedAsync(LogEntries.Verified(LogEntries.NewBizSeq()), Cancel)));

        var rows = await ReadChainAsync(services, log.ChainId);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), rows.Select(r => r.Position));
        Assert.Null(await services.GetRequiredService<AuthenticationLogVerifier>().FindFirstBrokenPositionAsync(log.ChainId, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_FromTwoInstances_WritesTwoValidChains(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var first = database.BuildServices().GetRequiredService<EfAuthenticationLog>();
        var second = database.BuildServices().GetRequiredService<EfAuthenticationLog>();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).AppendAsync(LogEntries.Failed(), Cancel)));

        var verifier = database.BuildServices().GetRequiredService<AuthenticationLogVerifier>();
        Assert.NotEqual(first.ChainId, second.ChainId);
        Assert.Contains(first.ChainId, await verifier.GetChainIdsAsync(Cancel));
        Assert.Contains(second.ChainId, await verifier.GetChainIdsAsync(Cancel));
        Assert.Null(await verifier.FindFirstBrokenPositionAsync(first.ChainId, Cancel));
        Assert.Null(await verifier.FindFirstBrokenPositionAsync(second.ChainId, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_AfterAWriteFailed_ContinuesOnANewValidChain(string provider)
    {
        // Its own database: the trigger that makes one write fail must not touch other tests.
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = database.BuildServices();
        await RefuseResultCodeNI9999Async(services, provider);
        var log = services.GetRequiredService<EfAuthenticationLog>();
        await log.AppendAsync(LogEntries.Failed(), Cancel);
        var firstChain = log.ChainId;
        await Assert.ThrowsAsync<DbUpdateException>(() => log.AppendAsync(LogEntries.Failed() with { ResultCode = "NI9999" }, Cancel));

        await log.AppendAsync(LogEntries.Failed(), Cancel);

        var verifier = services.GetRequiredService<AuthenticationLogVerifier>();
        Assert.NotEqual(firstChain, log.ChainId);
        Assert.Equal([1L], (await ReadChainAsync(services, log.ChainId)).Select(r => r.Position));
        Assert.Null(await verifier.FindFirstBrokenPositionAsync(firstChain, Cancel));
        Assert.Null(await verifier.FindFirstBrokenPositionAsync(log.ChainId, Cancel));
    }

    private static async Task RefuseResultCodeNI9999Async(IServiceProvider services, string provider)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        if (provider == TestDatabase.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse BEFORE INSERT ON authentication_log WHEN NEW.result_code = 'NI9999' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
                Cancel);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;",
                Cancel);
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse BEFORE INSERT ON authentication_log FOR EACH ROW WHEN (NEW.result_code = 'NI9999') EXECUTE FUNCTION refuse();",
                Cancel);
        }
    }

    private static AuthenticationLogRecord Record(string chainId, long position, string previousHash, AuthenticationLogEntry entry) => new()
    {
        ChainId = chainId,
        Position = position,
        Time = entry.Time,
        ClientId = entry.ClientId,
        Path = entry.Path,
        BizSeq = entry.BizSeq,
        Mode = entry.Mode,
        ResultCode = entry.ResultCode,
        Subject = entry.Subject,
        Acr = entry.Acr,
        PreviousHash = previousHash,
        Hash = AuditChain.Hash(previousHash, chainId, position, entry),
    };

    private static async Task<List<AuthenticationLogRecord>> ReadChainAsync(IServiceProvider services, string chainId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.AuthenticationLog.AsNoTracking().Where(r => r.ChainId == chainId).OrderBy(r => r.Position).ToListAsync(Cancel);
    }
}
