using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// Delivery is at least once and survives what platforms and brokers do: a platform answering
/// errors, a platform down, a broker restarted meanwhile (the outbox is in the database). Retries
/// back off exponentially from 2 s with ±20 % jitter (docs/events.md).
/// </summary>
public sealed class DeliveryRetryTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>Between the push's arrival and the failure being recorded: the response's way back, a database write.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Push_WhilePlatformAnswers503_IsRetriedWithGrowingDelaysThenDeliveredOn202()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        receiver.Status = 503;
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock);

        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-retry", ["netid.age"], "consent-retry"))!;

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.True(await receiver.WaitForRequestsAsync(attempt, Bounded), $"Attempt {attempt} did not come.");
            var failed = await broker.WaitForAsync(jti, m => m.Attempts == attempt, Bounded);
            Assert.Equal(attempt, failed.Attempts);
            Assert.Equal("503", failed.LastError);
            Assert.Null(failed.DeliveredAt);
            var delay = failed.NextAttemptAt - receiver.Requests.Last().At;
            var nominal = RetrySchedule.NominalDelayAfter(attempt);
            Assert.InRange(delay, nominal * 0.8, (nominal * 1.2) + Slack);
            delays.Add(delay);

            if (attempt == 3)
            {
                receiver.Status = 202;
            }

            // Jump to the next attempt rather than wait 2 + 4 + 8 s.
            clock.Advance(failed.NextAttemptAt - clock.GetUtcNow() + TimeSpan.FromMilliseconds(10));
        }

        var delivered = await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(3, delivered.Attempts);
        Assert.Equal("503", delivered.LastError);
        Assert.Equal([503, 503, 503, 202], receiver.Requests.Select(r => r.AnsweredWith));
        Assert.True(delays[0] < delays[1] && delays[1] < delays[2], "The delays do not grow: " + string.Join(", ", delays));

        // The same event each time: one header, and the same claims but for iat. The SET is signed
        // at each send with the key active then and iat set then (issue 12: a receiver refuses an
        // old SET as a replay), so the iat grows with the attempts.
        var sets = receiver.Requests.Select(r => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(r.Body)).ToList();
        Assert.Single(sets.Select(set => set.EncodedHeader).Distinct());
        Assert.Single(sets.Select(set => string.Join(',', SecurityEventTokenTests.Payload(set).EnumerateObject().Where(p => p.Name != "iat").Select(p => p.ToString()))).Distinct());
        Assert.Equal(sets.Select(set => set.IssuedAt).Order(), sets.Select(set => set.IssuedAt));
        Assert.True(sets[^1].IssuedAt > sets[0].IssuedAt, "The last attempt's iat is not later than the first's.");
    }

    [Fact]
    public async Task Push_ToClosedPortAcrossBrokerRestart_IsDeliveredOnceThePlatformIsBack()
    {
        var database = Directory.CreateTempSubdirectory("netid-events-").FullName;
        await using var receiver = EventReceiver.Stopped();
        try
        {
            string jti;
            await using (var first = EventsBroker.Start(receiver.Endpoint, database))
            {
                jti = (await first.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-restart", ["netid.age"], "consent-restart"))!;
                var failed = await first.WaitForAsync(jti, m => m.Attempts >= 1, Bounded);
                Assert.Equal("HttpRequestException", failed.LastError);
                Assert.Null(failed.DeliveredAt);
            }

            await receiver.StartAsync();
            await using var second = EventsBroker.Start(receiver.Endpoint, database);

            var delivered = await second.WaitForAsync(jti, m => m.DeliveredAt is not null, TimeSpan.FromSeconds(20));
            Assert.NotNull(delivered.DeliveredAt);
            var push = Assert.Single(receiver.Requests);
            var set = await SecurityEventTokenTests.ValidateAsync(second, push.Body, EventsBroker.Listening.ClientId);
            Assert.Equal(jti, set.Id);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(database, recursive: true);
        }
    }
}
