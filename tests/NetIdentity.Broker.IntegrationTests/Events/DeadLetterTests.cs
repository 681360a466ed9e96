using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// An event a platform keeps refusing is given up after <c>Broker:OutboxDeadLetterAfter</c>
/// (issue 9 §7): a dead letter, logged and counted, sent again only when an operator retries it;
/// the outbox's backlog and its age are gauges (issue 11 §3). The real broker's dispatcher runs
/// against a real receiver; the clock is moved across the bound rather than waited for.
/// </summary>
public sealed class DeadLetterTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_FailingLongerThanTheBound_BecomesADeadLetterUntilAnOperatorRetriesIt()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        receiver.Status = 503;
        var bound = TimeSpan.FromDays(1);
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock, extra: new Dictionary<string, string?> { ["Broker:OutboxDeadLetterAfter"] = "1.00:00:00" });
        using var metrics = new HostMetrics(broker);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-dead", ["netid.age"], "consent-dead"))!;
        var failing = await broker.WaitForAsync(jti, m => m.Attempts == 1, Bounded);

        // Short of the bound, the platform still answering 503: retried, not given up.
        clock.Advance(bound - TimeSpan.FromMinutes(1));
        var stillPending = await broker.WaitForAsync(jti, m => m.Attempts == 2, Bounded);

        // Past the bound, the platform still answering 503.
        clock.Advance(TimeSpan.FromMinutes(2));
        var dead = await broker.WaitForAsync(jti, m => m.State == OutboxState.Dead, Bounded);

        Assert.Equal((2, OutboxState.Pending), (stillPending.Attempts, stillPending.State));
        Assert.Equal(OutboxState.Dead, dead.State);
        Assert.Equal((3, "503", failing.FailingSince), (dead.Attempts, dead.LastError, dead.FailingSince));
        Assert.InRange(dead.DeadLetteredAt!.Value - failing.FailingSince!.Value, bound + TimeSpan.FromMinutes(1), bound + TimeSpan.FromMinutes(1) + Bounded);
        var logged = Assert.Single(broker.Logs.Lines, line => line.Contains("[5106]", StringComparison.Ordinal));
        Assert.StartsWith("Error ", logged, StringComparison.Ordinal);
        Assert.Contains($"Security event {jti} for {EventsBroker.Listening.ClientId} is now a dead letter: 3 attempts failed since ", logged, StringComparison.Ordinal);
        Assert.Contains("the last with 503", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(broker.Logs.Lines, line => line.Contains("pairwise-sub-dead", StringComparison.Ordinal) || line.Contains(dead.Payload, StringComparison.Ordinal));
        Assert.Equal(1, metrics.Sum("netidentity.outbox.dead_lettered"));
        Assert.True(await WaitForGaugeAsync(metrics, "netidentity.outbox.dead_letters", 1), "The dead-letter gauge did not reach 1.");
        Assert.Equal(0, metrics.Observe("netidentity.outbox.pending"));

        // Back up, but nobody retried yet: a dead letter stays where it is.
        receiver.Status = 202;
        clock.Advance(TimeSpan.FromDays(1));
        await Task.Delay(EventsBroker.PollInterval * 5, Ct);
        Assert.Equal(3, receiver.Requests.Count);

        Assert.Equal(OutboxRetryOutcome.Retried, await broker.Services.GetRequiredService<IEventOutbox>().RetryAsync(jti, clock.GetUtcNow(), Ct));
        var delivered = await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);

        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Equal([503, 503, 503, 202], receiver.Requests.Select(r => r.AnsweredWith));
        Assert.True(await WaitForGaugeAsync(metrics, "netidentity.outbox.dead_letters", 0), "The dead-letter gauge did not return to 0.");
    }

    [Fact]
    public async Task Gauges_WhileAnEventWaits_ReportTheBacklogAndItsAgeThroughTheHost()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        receiver.Status = 503;
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock);
        using var metrics = new HostMetrics(broker);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-backlog", ["netid.age"], "consent-backlog"))!;
        await broker.WaitForAsync(jti, m => m.Attempts >= 1, Bounded);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.True(await WaitForGaugeAsync(metrics, "netidentity.outbox.oldest_pending_age", age => age >= 3600), "The age gauge did not reach an hour.");
        Assert.InRange(metrics.Observe("netidentity.outbox.oldest_pending_age")!.Value, 3600, 3600 + 60);
        Assert.Equal(1, metrics.Observe("netidentity.outbox.pending"));
        Assert.Equal(0, metrics.Observe("netidentity.outbox.dead_letters"));
        var scrape = await broker.CreateClient().GetStringAsync("/metrics", Ct);
        Assert.Contains("netidentity_outbox_pending", scrape, StringComparison.Ordinal);
        Assert.Contains("netidentity_outbox_oldest_pending_age_seconds", scrape, StringComparison.Ordinal);

        receiver.Status = 202;
        await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);
        Assert.True(await WaitForGaugeAsync(metrics, "netidentity.outbox.pending", 0), "The backlog gauge did not return to 0.");
        Assert.Equal(0, metrics.Observe("netidentity.outbox.oldest_pending_age"));
    }

    private static Task<bool> WaitForGaugeAsync(HostMetrics metrics, string gauge, double value) => WaitForGaugeAsync(metrics, gauge, v => v == value);

    /// <summary>Reads the gauge (bounded) until it holds; the dispatcher counts the outbox after each poll.</summary>
    private static async Task<bool> WaitForGaugeAsync(HostMetrics metrics, string gauge, Func<double, bool> until)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < deadline)
        {
            if (metrics.Observe(gauge) is { } value && until(value))
            {
                return true;
            }

            await Task.Delay(50, Ct);
        }

        return false;
    }
}
