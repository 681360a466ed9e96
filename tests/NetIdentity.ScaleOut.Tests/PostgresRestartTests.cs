using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Npgsql;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// PostgreSQL restarted under load (issue 11 §2, docs/operations.md "PostgreSQL restarted or
/// failed over"): the cluster of two instances behind HAProxy runs on a PostgreSQL server of the
/// test's own, which is stopped (<c>pg_ctl stop -m fast</c>) and started again while logins run.
/// Every login that failed ended in a clean answer, the instances recover without a restart,
/// and nothing committed before the restart is lost.
/// </summary>
[Collection(Clusters.Name)]
public sealed class PostgresRestartTests
{
    /// <summary>Long enough for HAProxy to mark both instances down (fall 2, inter 1 s) and for the instances' retries to give up.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    /// <summary>No login may take longer, outage or not: a person is never left waiting on a spinning page.</summary>
    private static readonly TimeSpan LoginBound = TimeSpan.FromSeconds(45);

    private const int Workers = 4;

    [Fact]
    public async Task Restart_UnderLoad_FailsInFlightLoginsCleanly_RecoversWithoutABrokerRestart_AndLosesNothingCommitted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PrivatePostgres.StartAsync(ct);
        await using var cluster = await ScaleOutCluster.StartAsync(ct, new ClusterSettings
        {
            Server = postgres.ConnectionString,
            PooledConnections = true,
            BrokerEnvironment = FaultPlatform.Settings,
        });
        using var driver = await FaultDriver.StartAsync(cluster, ct);

        // Committed before the load: consents (ledger entries), a withdrawal (a ledger entry and an
        // event in the outbox, undeliverable on purpose so it stays), authentication log entries.
        for (var i = 0; i < 2; i++)
        {
            await driver.MustLogInAsync(consent: true, ct);
        }

        Assert.Equal(1, await driver.WithdrawFirstPersonsConsentsAsync(ct));
        var completedBefore = 2;

        // Load: a few people logging in at once, half of them consenting, until told to stop.
        var attempts = new ConcurrentQueue<(long Ended, LoginAttempt Attempt)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(
            async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var attempt = await driver.LoginAsync(consent: (worker + n) % 2 == 0, LoginBound, ct);
                    attempts.Enqueue((Stopwatch.GetTimestamp(), attempt));
                }
            },
            ct)).ToArray();

        await WaitForAsync(() => attempts.Count(a => a.Attempt.Completed) >= Workers, TimeSpan.FromSeconds(90), "logins before the restart", attempts, cluster, ct);
        var before = await Snapshot.TakeAsync(cluster.ConnectionString, ct);

        await postgres.RestartAsync(Outage, ct);
        var restarted = Stopwatch.GetTimestamp();

        // The load goes on until logins complete again, without touching any instance.
        await WaitForAsync(() => attempts.Count(a => a.Attempt.Completed && a.Ended > restarted) >= 2 * Workers, TimeSpan.FromSeconds(90), "logins after the restart", attempts, cluster, ct);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var all = attempts.Select(a => a.Attempt).ToArray();
        var report = Report(all, driver, postgres, cluster);
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        // Every login that failed ended in a clean, documented answer, and none outlasted the
        // bound. (A restart this short is usually ridden out by the instances' retries, and no
        // login fails at all: the logins in flight wait for the database and complete.)
        Assert.All(all.Where(a => !a.Completed), a => Assert.True(CleanFailures.IsClean(a), $"Not a clean failure: {a}\n{report}"));
        Assert.All(driver.Errors.Answers, e => Assert.True(CleanFailures.IsClean(e), $"Not a clean error answer: {e}\n{report}"));
        Assert.All(all, a => Assert.True(a.Elapsed < LoginBound, $"A login took {a.Elapsed}.\n{report}"));

        // Both instances are the processes started with the cluster, ready, and each serves logins.
        for (var i = 0; i < ScaleOutCluster.InstanceCount; i++)
        {
            Assert.True(cluster.IsRunning(i), $"{ScaleOutCluster.InstanceName(i)} exited.\n{report}");
            await AssertReadyAsync(cluster.Instances[i], ct);
        }

        var servedBefore = driver.Tracker.Served.Count;
        for (var i = 0; i < 3; i++)
        {
            await driver.MustLogInAsync(consent: i == 0, ct);
        }

        var servedAfter = driver.Tracker.Served.Skip(servedBefore).Select(s => s.Instance).Distinct().Order().ToArray();
        Assert.Equal([ScaleOutCluster.InstanceName(0), ScaleOutCluster.InstanceName(1)], servedAfter);

        // Nothing committed before the restart is gone, and every login the platform completed
        // left its authentication log entry.
        var after = await Snapshot.TakeAsync(cluster.ConnectionString, ct);
        Assert.Empty(before.AuditEntries.Except(after.AuditEntries));
        Assert.Empty(before.LedgerEntries.Except(after.LedgerEntries));
        Assert.Empty(before.OutboxEvents.Except(after.OutboxEvents));
        Assert.True(after.AuditEntries.Count >= before.AuditEntries.Count && after.LedgerEntries.Count >= before.LedgerEntries.Count && after.OutboxEvents.Count >= before.OutboxEvents.Count);
        Assert.NotEmpty(before.LedgerEntries);
        Assert.NotEmpty(before.OutboxEvents);
        var completed = completedBefore + all.Count(a => a.Completed) + 3;
        Assert.True(after.VerifiedAuditEntries >= completed, $"{completed} logins completed, {after.VerifiedAuditEntries} verified entries in the authentication log.\n{report}");

        // And the authentication log still verifies: a chain cut by the restart is closed and a new one begun.
        var (verified, verification) = await cluster.CliAsync(ct, "audit", "verify");
        Assert.True(verified == 0, verification);
        Assert.DoesNotContain("BROKEN", verification, StringComparison.Ordinal);
    }

    private static async Task AssertReadyAsync(Uri instance, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var status = HttpStatusCode.ServiceUnavailable;
        while (DateTime.UtcNow < deadline)
        {
            using var answer = await http.GetAsync(new Uri(instance, "healthz/ready"), ct);
            status = answer.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(250, ct);
        }

        Assert.Fail($"{instance}healthz/ready still answers {(int)status}.");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what, ConcurrentQueue<(long Ended, LoginAttempt Attempt)> attempts, ScaleOutCluster cluster, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {timeout} for {what}:\n{string.Join('\n', attempts.Select(a => a.Attempt))}\n{cluster.Output}");
            }

            await Task.Delay(100, ct);
        }
    }

    private static string Report(IReadOnlyCollection<LoginAttempt> attempts, FaultDriver driver, PrivatePostgres postgres, ScaleOutCluster cluster) =>
        $"{attempts.Count(a => a.Completed)} completed, {attempts.Count(a => !a.Completed)} failed:\n"
        + string.Join('\n', attempts.Where(a => !a.Completed))
        + "\n5xx answers:\n" + string.Join('\n', driver.Errors.Answers)
        + "\n" + postgres.Log() + "\n" + cluster.Output;

    /// <summary>The identifiers of every row of the tables whose loss would matter, read in one go.</summary>
    private sealed record Snapshot(HashSet<long> AuditEntries, HashSet<string> LedgerEntries, HashSet<string> OutboxEvents, int VerifiedAuditEntries)
    {
        public static async Task<Snapshot> TakeAsync(string connectionString, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return new Snapshot(
                [.. await ReadAsync(connection, "SELECT id FROM authentication_log", r => r.GetInt64(0), ct)],
                [.. await ReadAsync(connection, "SELECT id FROM consent_ledger", r => r.GetString(0), ct)],
                [.. await ReadAsync(connection, "SELECT id FROM event_outbox", r => r.GetString(0), ct)],
                (await ReadAsync(connection, "SELECT count(*) FROM authentication_log WHERE result_code = 'C0000000'", r => (int)r.GetInt64(0), ct)).Single());
        }

        private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var values = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                values.Add(read(reader));
            }

            return values;
        }
    }
}
