using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// Dead letters and what operators do with them (issue 9 §7, issue 11 §4): an event given up
/// is out of every claim until retried; a retry makes it due at once with a fresh schedule; a
/// delivered event cannot be retried. Each test has its own database (listing is outbox-wide).
/// </summary>
public sealed class EventOutboxDeadLetterTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private const string Owner = EventOutboxTests.Owner;

    private static readonly TimeSpan Lease = EventOutboxTests.Lease;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeadLetter_ByTheLeaseHolder_RecordsTimeAndReasonAndIsNeverClaimedAgain(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);
        await ClaimAsync(outbox, ConsentData.Noon);
        await outbox.MarkFailedAsync(message.Id, Owner, 1, ConsentData.Noon, ConsentData.Noon.AddSeconds(2), "503", Cancel);
        var givenUp = ConsentData.Noon.AddDays(3);
        await ClaimAsync(outbox, givenUp);

        Assert.True(await outbox.DeadLetterAsync(message.Id, Owner, 812, givenUp, "HttpRequestException", Cancel));

        var dead = (await outbox.FindAsync(message.Id, Cancel))!;
        Assert.Equal(OutboxState.Dead, dead.State);
        Assert.Equal(ConsentData.Stored(givenUp), dead.DeadLetteredAt);
        Assert.Equal(ConsentData.Stored(ConsentData.Noon), dead.FailingSince);
        Assert.Equal((812, "HttpRequestException"), (dead.Attempts, dead.LastError));
        Assert.Null(dead.LeaseOwner);
        Assert.Empty(await outbox.ClaimAsync("instance-b", givenUp.AddDays(30), Lease, 10, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retry_OfADeadLetter_MakesItDueNowWithAFreshSchedule(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = await DeadAsync(outbox, ConsentData.NewClientId());
        var now = ConsentData.Noon.AddDays(7);

        var outcome = await outbox.RetryAsync(message.Id, now, Cancel);

        Assert.Equal(OutboxRetryOutcome.Retried, outcome);
        var retried = (await outbox.FindAsync(message.Id, Cancel))!;
        Assert.Equal(OutboxState.Pending, retried.State);
        Assert.Equal((0, ConsentData.Stored(now), (DateTimeOffset?)null, (DateTimeOffset?)null), (retried.Attempts, retried.NextAttemptAt, retried.FailingSince, retried.DeadLetteredAt));
        Assert.Equal("503", retried.LastError);
        Assert.Equal([message.Id], (await outbox.ClaimAsync(Owner, now, Lease, 10, Cancel)).Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retry_OfADeliveredEvent_IsRefusedAndChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);
        await ClaimAsync(outbox, ConsentData.Noon);
        await outbox.MarkDeliveredAsync(message.Id, Owner, ConsentData.Noon, Cancel);

        var outcome = await outbox.RetryAsync(message.Id, ConsentData.Noon.AddDays(1), Cancel);

        Assert.Equal(OutboxRetryOutcome.AlreadyDelivered, outcome);
        Assert.Empty(await outbox.ClaimAsync(Owner, ConsentData.Noon.AddDays(1), Lease, 10, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retry_OfAnUnknownId_SaysNotFound(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();

        Assert.Equal(OutboxRetryOutcome.NotFound, await outbox.RetryAsync(ConsentData.NewId(), ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RetryDead_OfOnePlatform_RetriesOnlyItsDeadLetters(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var platform = ConsentData.NewClientId();
        var other = ConsentData.NewClientId();
        var ours = new[] { await DeadAsync(outbox, platform), await DeadAsync(outbox, platform) };
        var theirs = await DeadAsync(outbox, other);

        var retried = await outbox.RetryDeadAsync(platform, ConsentData.Noon.AddDays(7), Cancel);
        var again = await outbox.RetryDeadAsync(platform, ConsentData.Noon.AddDays(7), Cancel);

        Assert.Equal((2, 0), (retried, again));
        foreach (var message in ours)
        {
            Assert.Equal(OutboxState.Pending, (await outbox.FindAsync(message.Id, Cancel))!.State);
        }

        Assert.Equal(OutboxState.Dead, (await outbox.FindAsync(theirs.Id, Cancel))!.State);
        Assert.Equal(1, await outbox.RetryDeadAsync(null, ConsentData.Noon.AddDays(7), Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task List_ByStateAndPlatform_ReturnsThoseInTheirOrderUpToTheLimit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var platform = ConsentData.NewClientId();
        var dead = await DeadAsync(outbox, platform);
        var older = ConsentData.Message(platform, ConsentData.Noon.AddMinutes(1)) with { NextAttemptAt = ConsentData.Noon.AddDays(9) };
        var newer = ConsentData.Message(platform, ConsentData.Noon.AddMinutes(2)) with { NextAttemptAt = ConsentData.Noon.AddDays(9) };
        var delivered = ConsentData.Message(platform, ConsentData.Noon.AddMinutes(3)) with { DeliveredAt = ConsentData.Noon.AddMinutes(3) };
        var elsewhere = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon.AddMinutes(4)) with { NextAttemptAt = ConsentData.Noon.AddDays(9) };
        foreach (var message in new[] { newer, older, delivered, elsewhere })
        {
            await outbox.EnqueueAsync(message, Cancel);
        }

        var pending = await outbox.ListAsync(new OutboxQuery(platform, OutboxState.Pending, 10), Cancel);
        var firstPending = await outbox.ListAsync(new OutboxQuery(platform, OutboxState.Pending, 1), Cancel);
        var deadOnes = await outbox.ListAsync(new OutboxQuery(null, OutboxState.Dead, 10), Cancel);
        var deliveredOnes = await outbox.ListAsync(new OutboxQuery(platform, OutboxState.Delivered, 10), Cancel);
        var all = await outbox.ListAsync(new OutboxQuery(platform, null, 10), Cancel);
        var everyPlatform = await outbox.ListAsync(new OutboxQuery(null, OutboxState.Pending, 10), Cancel);

        Assert.Equal([older.Id, newer.Id], pending.Select(m => m.Id));
        Assert.Equal([older.Id], firstPending.Select(m => m.Id));
        Assert.Equal([dead.Id], deadOnes.Select(m => m.Id));
        Assert.Equal([delivered.Id], deliveredOnes.Select(m => m.Id));
        Assert.Equal([delivered.Id, newer.Id, older.Id, dead.Id], all.Select(m => m.Id));
        Assert.Equal([older.Id, newer.Id, elsewhere.Id], everyPlatform.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Statistics_CountPendingAndDeadAndNameTheOldestPending(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var empty = await outbox.StatisticsAsync(Cancel);
        await DeadAsync(outbox, ConsentData.NewClientId());
        var platform = ConsentData.NewClientId();
        await outbox.EnqueueAsync(ConsentData.Message(platform, ConsentData.Noon.AddHours(2)) with { NextAttemptAt = ConsentData.Noon.AddDays(9) }, Cancel);
        await outbox.EnqueueAsync(ConsentData.Message(platform, ConsentData.Noon.AddHours(1)) with { NextAttemptAt = ConsentData.Noon.AddDays(9) }, Cancel);
        await outbox.EnqueueAsync(ConsentData.Message(platform, ConsentData.Noon) with { DeliveredAt = ConsentData.Noon }, Cancel);

        var statistics = await outbox.StatisticsAsync(Cancel);

        Assert.Equal(new OutboxStatistics(0, null, 0), empty);
        Assert.Equal(new OutboxStatistics(2, ConsentData.Stored(ConsentData.Noon.AddHours(1)), 1), statistics);
    }

    private static Task<IReadOnlyList<OutboxMessage>> ClaimAsync(IEventOutbox outbox, DateTimeOffset now) => outbox.ClaimAsync(Owner, now, Lease, 100, Cancel);

    /// <summary>An event created at noon that failed once then was given up: a dead letter.</summary>
    private static async Task<OutboxMessage> DeadAsync(IEventOutbox outbox, string clientId)
    {
        var message = ConsentData.Message(clientId, ConsentData.Noon) with { LeaseOwner = Owner, LeaseExpiresAt = ConsentData.Noon + Lease };
        await outbox.EnqueueAsync(message, Cancel);
        Assert.True(await outbox.DeadLetterAsync(message.Id, Owner, 1, ConsentData.Noon.AddDays(3), "503", Cancel));
        return message;
    }
}
