using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;
using NetIdentity.Data.Audit;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// Issue 9 §8: the attacks of someone with write access to the database but not the SM2 key, each
/// made with SQL on a real SQLite and PostgreSQL database, and the exact finding verification
/// reports. Each test has its own database: checkpoints form one sequence per database.
/// </summary>
public sealed class AuditCheckpointTests
{
    private static readonly AuditSigningKey BrokerKey = new(Sm2PrivateKey.Generate());
    private static readonly AuditSigningKey AttackerKey = new(Sm2PrivateKey.Generate());

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_WhenNothingWasTouched_IsIntactAndCheckpointed(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();
        await broker.AppendAsync(1);

        var report = await broker.VerifyAsync();

        Assert.True(report.IsIntact);
        var chain = Assert.Single(report.Chains);
        Assert.Equal((4L, 4L, 3L, 1L, false), (chain.Entries, chain.LastPosition, chain.CheckpointedTo, chain.NotYetCheckpointed, chain.Closed));
        Assert.Equal(1, report.Checkpoints);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterAnEntryIsModified_ReportsThatEntry(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();

        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE authentication_log SET result_code = 'C0000000' WHERE chain_id = {broker.ChainId} AND \"position\" = 2", Cancel));

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.EntryAltered, "entry 2 does not hash to its stored hash");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterAnEntryInTheMiddleIsDeleted_ReportsItMissing(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();

        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"DELETE FROM authentication_log WHERE chain_id = {broker.ChainId} AND \"position\" = 2", Cancel));

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.EntryMissing, "entry 2 is missing");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterTheChainIsTruncatedBelowItsCheckpoint_ReportsTheTruncation(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();

        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"DELETE FROM authentication_log WHERE chain_id = {broker.ChainId} AND \"position\" >= 2", Cancel), rows: 2);

        AssertOnlyFinding(
            await broker.VerifyAsync(),
            AuditProblem.ChainTruncated,
            "checkpoint 1 covers position 3 but the chain ends at position 1: entries were removed");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterAWholeChainIsDeleted_ReportsItFromItsCheckpoint(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(2);
        await broker.CheckpointAsync();

        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM authentication_log WHERE chain_id = {broker.ChainId}", Cancel), rows: 2);

        var report = await broker.VerifyAsync();
        AssertOnlyFinding(report, AuditProblem.ChainTruncated, "checkpoint 1 covers position 2 but the chain ends at position 0: entries were removed");
        Assert.Equal(broker.ChainId, Assert.Single(report.Chains).ChainId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterTheChainIsRewrittenWithRecomputedHashes_ReportsTheCheckpointMismatch(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(2);
        await broker.CheckpointAsync();

        // SM3 is public: whoever can write the rows can make a changed chain hash correctly again.
        var (first, second) = await broker.RowsAsync();
        var forged = first.ToEntry() with { ResultCode = "C0000000" };
        var forgedHash = AuditChain.Hash(AuditChain.Genesis, broker.ChainId, 1, forged);
        var nextHash = AuditChain.Hash(forgedHash, broker.ChainId, 2, second.ToEntry());
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE authentication_log SET result_code = 'C0000000', hash = {forgedHash} WHERE chain_id = {broker.ChainId} AND \"position\" = 1", Cancel));
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE authentication_log SET previous_hash = {forgedHash}, hash = {nextHash} WHERE chain_id = {broker.ChainId} AND \"position\" = 2", Cancel));

        AssertOnlyFinding(
            await broker.VerifyAsync(),
            AuditProblem.CheckpointMismatch,
            "entry 2 differs from the head hash signed in checkpoint 1: the chain was rewritten");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterACheckpointInTheMiddleIsDeleted_ReportsTheGap(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        for (var i = 0; i < 3; i++)
        {
            await broker.AppendAsync(1);
            await broker.CheckpointAsync();
        }

        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit_checkpoints WHERE sequence = 2", Cancel));

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.CheckpointMissing, "checkpoint 2 is missing");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Checkpoint_AfterTheNewestCheckpointsWereDeleted_LeavesTheGapVisible(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        for (var i = 0; i < 3; i++)
        {
            await broker.AppendAsync(1);
            await broker.CheckpointAsync();
        }

        // Deleting the newest checkpoints (and the entries only they covered) is invisible in the
        // database alone; the running instance remembers what it signed and does not chain onto what is left.
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit_checkpoints WHERE sequence >= 2", Cancel), rows: 2);
        await broker.AppendAsync(1);
        await broker.CheckpointAsync();

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.CheckpointMissing, "checkpoints 2 to 3 are missing");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_WhenACheckpointSignatureIsForged_ReportsTheSignature(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();

        // Move the checkpoint back to position 2 (to hide entry 3) and sign it with a key that is not the broker's.
        var (_, second) = await broker.RowsAsync();
        var stored = Assert.Single(await broker.CheckpointsAsync());
        var moved = stored with { Position = 2, HeadHash = second.Hash };
        var forged = AttackerKey.Sign(moved.Payload());
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE audit_checkpoints SET \"position\" = 2, head_hash = {second.Hash}, signature = {forged} WHERE sequence = 1", Cancel));

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.CheckpointSignatureInvalid, "checkpoint 1: the signature does not verify");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_WhenACheckpointIsSignedWithAnotherKey_ReportsTheUnknownKey(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(3);
        await broker.CheckpointAsync();

        var stored = Assert.Single(await broker.CheckpointsAsync());
        var forged = stored.SignWith(AttackerKey);
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE audit_checkpoints SET key_id = {forged.KeyId}, signature = {forged.Signature} WHERE sequence = 1", Cancel));

        AssertOnlyFinding(await broker.VerifyAsync(), AuditProblem.CheckpointKeyUnknown, $"checkpoint 1 is signed by unknown key {AttackerKey.KeyId}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_WhenAnEntryIsAppendedAfterTheFinalCheckpoint_ReportsIt(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(2);
        await broker.CheckpointAsync(final: true);

        // A valid-looking entry 3, hashed correctly: only the final checkpoint betrays it.
        var (_, second) = await broker.RowsAsync();
        var bizSeq = LogEntries.NewBizSeq();
        var hash = AuditChain.Hash(second.Hash, broker.ChainId, 3, second.ToEntry() with { BizSeq = bizSeq });
        await broker.SqlAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO authentication_log (chain_id, "position", "time", client_id, path, biz_seq, mode, result_code, subject, acr, previous_hash, hash)
            SELECT chain_id, 3, "time", client_id, path, {bizSeq}, mode, result_code, subject, acr, hash, {hash}
            FROM authentication_log WHERE chain_id = {broker.ChainId} AND "position" = 2
            """, Cancel));

        var report = await broker.VerifyAsync();
        AssertOnlyFinding(report, AuditProblem.EntryAfterFinalCheckpoint, "1 entry(ies) follow the final checkpoint 1 (position 2): they were not written by the broker");
        Assert.True(Assert.Single(report.Chains).Closed);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Checkpoint_WhenTheChainDidNotAdvance_WritesNothing(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        await broker.AppendAsync(1);

        var first = await broker.CheckpointAsync();
        var again = await broker.CheckpointAsync();
        var final = await broker.CheckpointAsync(final: true);
        var afterFinal = await broker.CheckpointAsync(final: true);

        Assert.Equal((1, 0, 1, 0), (first.Count, again.Count, final.Count, afterFinal.Count));
        Assert.Equal((1L, false, 2L, true), (first[0].Sequence, first[0].Final, final[0].Sequence, final[0].Final));
        Assert.Equal(first[0].Hash(), final[0].PreviousCheckpointHash);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Checkpoint_TwoInstancesOnOneDatabase_FormOneSequence(string provider)
    {
        await using var broker = await Broker.StartAsync(provider);
        var other = broker.Instance();
        await broker.AppendAsync(1);
        await other.GetRequiredService<EfAuthenticationLog>().AppendAsync(LogEntries.Failed(), Cancel);

        await Task.WhenAll(
            broker.CheckpointAsync(),
            other.GetRequiredService<AuditCheckpointer>().CheckpointAsync(final: false, Cancel));

        var report = await broker.VerifyAsync();
        Assert.True(report.IsIntact, string.Join("; ", report.Findings));
        Assert.Equal((2, 2), (report.Checkpoints, report.Chains.Count(c => c.CheckpointedTo == 1)));
    }

    private static void AssertOnlyFinding(AuditLogReport report, AuditProblem problem, string message)
    {
        var finding = Assert.Single(report.Findings);
        Assert.Equal((problem, message), (finding.Problem, finding.Message));
        Assert.False(report.IsIntact);
    }

    /// <summary>A broker instance's audit services on a fresh database of its own.</summary>
    private sealed class Broker : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly ServiceProvider _services;

        private Broker(TestDatabase database)
        {
            _database = database;
            _services = Instance();
        }

        public string ChainId => _services.GetRequiredService<EfAuthenticationLog>().ChainId;

        public static async Task<Broker> StartAsync(string provider) => new(await TestDatabase.CreateAsync(provider));

        /// <summary>Another instance on the same database: its own chain and checkpointer, the same key.</summary>
        public ServiceProvider Instance() => _database.BuildServices(services =>
            services.AddSingleton(BrokerKey).AddSingleton<AuditCheckpointer>());

        public async Task AppendAsync(int count)
        {
            var log = _services.GetRequiredService<EfAuthenticationLog>();
            for (var i = 0; i < count; i++)
            {
                await log.AppendAsync(LogEntries.Failed(), Cancel);
            }
        }

        public Task<IReadOnlyList<AuditCheckpoint>> CheckpointAsync(bool final = false) =>
            _services.GetRequiredService<AuditCheckpointer>().CheckpointAsync(final, Cancel);

        public Task<AuditLogReport> VerifyAsync() =>
            _services.GetRequiredService<AuthenticationLogVerifier>().VerifyAsync(
                new Dictionary<string, Sm2PublicKey> { [BrokerKey.KeyId] = BrokerKey.PublicKey }, Cancel);

        public async Task<(AuthenticationLogRecord First, AuthenticationLogRecord Second)> RowsAsync()
        {
            await using var scope = _services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().AuthenticationLog.AsNoTracking()
                .Where(r => r.ChainId == ChainId).OrderBy(r => r.Position).Take(2).ToListAsync(Cancel);
            return (rows[0], rows[1]);
        }

        public async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync()
        {
            await using var scope = _services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(Cancel);
            return [.. rows.Select(r => r.ToCheckpoint())];
        }

        public async Task SqlAsync(Func<BrokerDbContext, Task<int>> sql, int rows = 1)
        {
            await using var scope = _services.CreateAsyncScope();
            Assert.Equal(rows, await sql(scope.ServiceProvider.GetRequiredService<BrokerDbContext>()));
        }

        public ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}
