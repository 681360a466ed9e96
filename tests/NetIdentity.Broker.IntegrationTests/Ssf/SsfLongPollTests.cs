using System.Diagnostics;
using System.Net;
using NetIdentity.Broker.IntegrationTests.Events;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>
/// Long polling (RFC 8936 §2.4): a poll that does not ask to return immediately is held while
/// there is nothing to serve, up to <c>Broker:SsfPollWait</c>, and answers as soon as an event is
/// queued on its stream; one that asks to return immediately, or asks for no events, answers at once.
/// </summary>
public sealed class SsfLongPollTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_WillingToWait_AnswersAsSoonAsAnEventIsQueued()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint, extra: new Dictionary<string, string?> { ["Broker:SsfPollWait"] = "00:00:30" });
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var clock = Stopwatch.StartNew();

        var poll = ssf.PollAsync(streamId, new { maxEvents = 10 });
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.False(poll.IsCompleted, "The poll answered before any event was queued.");
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-lp1", ["netid.age"], "consent-lp1"))!;
        var queued = clock.Elapsed;
        var answer = await poll;
        TestContext.Current.TestOutputHelper?.WriteLine($"queued at {queued}, answered at {clock.Elapsed}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal([jti], answer.Body!["sets"]!.AsObject().Select(p => p.Key));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Poll_WillingToWait_WithNothingQueued_AnswersEmptyAfterTheWait()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint, extra: new Dictionary<string, string?> { ["Broker:SsfPollWait"] = "00:00:01.500" });
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var clock = Stopwatch.StartNew();

        var answer = await ssf.PollAsync(streamId, new { returnImmediately = false });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(answer.Body!["sets"]!.AsObject());
        Assert.False(answer.Body["moreAvailable"]!.GetValue<bool>());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 0)]
    public async Task Poll_ReturningImmediatelyOrAskingForNoEvents_AnswersAtOnce(bool returnImmediately, int maxEvents)
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint, extra: new Dictionary<string, string?> { ["Broker:SsfPollWait"] = "00:01:00" });
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var clock = Stopwatch.StartNew();

        var answer = await ssf.PollAsync(streamId, new { returnImmediately, maxEvents });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(answer.Body!["sets"]!.AsObject());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The poll took {clock.Elapsed}, as if it had waited.");
    }

    /// <summary>
    /// Flooding: a platform that opens many long polls on its stream would hold as many requests,
    /// each asking the database every outbox interval. One waits; the others answer at once, empty.
    /// </summary>
    [Fact]
    public async Task Poll_WhileAnotherPollOfTheStreamWaits_AnswersAtOnce()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint, extra: new Dictionary<string, string?> { ["Broker:SsfPollWait"] = "00:00:20" });
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var first = ssf.PollAsync(streamId, new { maxEvents = 10 });
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.False(first.IsCompleted, "The first poll answered before any event was queued.");
        var clock = Stopwatch.StartNew();

        var second = await ssf.PollAsync(streamId, new { maxEvents = 10 });

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Empty(second.Body!["sets"]!.AsObject());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The second poll took {clock.Elapsed}, as if it had waited too.");
        Assert.False(first.IsCompleted, "The first poll stopped waiting.");
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-lp2", ["netid.age"], "consent-lp2"))!;
        Assert.Equal([jti], (await first).Body!["sets"]!.AsObject().Select(p => p.Key));
    }
}
