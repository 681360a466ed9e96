using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// Tests share a database per provider and look only at their own messages, except those about
/// what is claimed, listed or counted, which have a database of their own: those are outbox-wide.
/// Claims between instances have their own tests (<see cref="EventOutboxClaimTests"/>).
/// </summary>
public sealed class EventOutboxTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    internal const string Owner = "instance-a";

    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Enqueue_ThenFind_ReturnsEveryFieldAsWritten(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { NextAttemptAt = ConsentData.Noon.AddSeconds(30) };

        await outbox.EnqueueAsync(message, Cancel);

        var stored = await outbox.FindAsync(message.Id, Cancel);
        Assert.Equal(
            message with { CreatedAt = ConsentData.Stored(message.CreatedAt), NextAttemptAt = ConsentData.Stored(message.NextAttemptAt) },
            stored);
        Assert.Equal("https://platform.example/events?tenant=a%20b", stored!.Endpoint.AbsoluteUri);
        Assert.Equal(0, stored.Attempts);
        Assert.Null(stored.DeliveredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_UnknownId_ReturnsNull(string provider)
    {
        var outbox = await OutboxAsync(provider);

        Assert.Null(await outbox.FindAsync(ConsentData.NewId(), Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_WithSeveralDueMessages_ReturnsTheOldestFirstUpToMax(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var client = ConsentData.NewClientId();
        var second = ConsentData.Message(client, ConsentData.Noon.AddSeconds(-20));
        var third = ConsentData.Message(client, ConsentData.Noon.AddSeconds(-10));
        var first = ConsentData.Message(client, ConsentData.Noon.AddSeconds(-30)) with { NextAttemptAt = ConsentData.Noon };
        foreach (var message in new[] { second, third, first })
        {
            await outbox.EnqueueAsync(message, Cancel);
        }

        var due = await outbox.ClaimAsync(Owner, ConsentData.Noon, Lease, 2, Cancel);

        Assert.Equal([first.Id, second.Id], due.Select(m => m.Id));
        Assert.All(due, m => Assert.Equal((Owner, ConsentData.Stored(ConsentData.Noon + Lease)), (m.LeaseOwner, m.LeaseExpiresAt!.Value)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_BeforeTheNextAttempt_LeavesTheMessageOut(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { NextAttemptAt = ConsentData.Noon.AddMinutes(1) };
        await outbox.EnqueueAsync(message, Cancel);

        var early = await outbox.ClaimAsync(Owner, ConsentData.Noon.AddSeconds(59), Lease, 10, Cancel);
        var onTime = await outbox.ClaimAsync(Owner, ConsentData.Noon.AddMinutes(1), Lease, 10, Cancel);

        Assert.Empty(early);
        Assert.Equal([message.Id], onTime.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkDelivered_ByTheLeaseHolder_TakesItOutOfClaimsFreesTheLeaseAndKeepsTheFirstTime(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);
        await outbox.ClaimAsync(Owner, ConsentData.Noon, Lease, 10, Cancel);

        Assert.True(await outbox.MarkDeliveredAsync(message.Id, Owner, ConsentData.Noon.AddSeconds(1), Cancel));
        Assert.False(await outbox.MarkDeliveredAsync(message.Id, Owner, ConsentData.Noon.AddSeconds(2), Cancel));

        Assert.Empty(await outbox.ClaimAsync(Owner, ConsentData.Noon.AddHours(1), Lease, 10, Cancel));
        var stored = (await outbox.FindAsync(message.Id, Cancel))!;
        Assert.Equal(ConsentData.Stored(ConsentData.Noon.AddSeconds(1)), stored.DeliveredAt);
        Assert.Equal(OutboxState.Delivered, stored.State);
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkFailed_Twice_StoresTheLatestAttemptsReasonAndNextAttemptAndTheFirstFailureTime(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);

        await outbox.ClaimAsync(Owner, ConsentData.Noon, Lease, 10, Cancel);
        Assert.True(await outbox.MarkFailedAsync(message.Id, Owner, 1, ConsentData.Noon, ConsentData.Noon.AddSeconds(10), "HTTP 503", Cancel));
        await outbox.ClaimAsync(Owner, ConsentData.Noon.AddSeconds(10), Lease, 10, Cancel);
        Assert.True(await outbox.MarkFailedAsync(message.Id, Owner, 2, ConsentData.Noon.AddSeconds(10), ConsentData.Noon.AddSeconds(40), "HttpRequestException", Cancel));

        var stored = await outbox.FindAsync(message.Id, Cancel);
        Assert.Equal(2, stored!.Attempts);
        Assert.Equal(ConsentData.Stored(ConsentData.Noon.AddSeconds(40)), stored.NextAttemptAt);
        Assert.Equal("HttpRequestException", stored.LastError);
        Assert.Equal(ConsentData.Stored(ConsentData.Noon), stored.FailingSince);
        Assert.Null(stored.DeliveredAt);
        Assert.Null(stored.LeaseOwner);
        Assert.Equal(OutboxState.Pending, stored.State);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkFailed_AfterDelivery_ChangesNothing(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { LeaseOwner = Owner, LeaseExpiresAt = ConsentData.Noon + Lease };
        await outbox.EnqueueAsync(message, Cancel);
        Assert.True(await outbox.MarkDeliveredAsync(message.Id, Owner, ConsentData.Noon, Cancel));

        Assert.False(await outbox.MarkFailedAsync(message.Id, Owner, 1, ConsentData.Noon, ConsentData.Noon.AddSeconds(10), "TaskCanceledException", Cancel));

        var stored = await outbox.FindAsync(message.Id, Cancel);
        Assert.Equal(0, stored!.Attempts);
        Assert.Null(stored.LastError);
        Assert.NotNull(stored.DeliveredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkFailed_WithAVeryLongReason_KeepsItsFirst256Characters(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { LeaseOwner = Owner, LeaseExpiresAt = ConsentData.Noon + Lease };
        await outbox.EnqueueAsync(message, Cancel);
        var reason = new string('x', 255) + "😀" + new string('y', 100);

        await outbox.MarkFailedAsync(message.Id, Owner, 1, ConsentData.Noon, ConsentData.Noon, reason, Cancel);

        Assert.Equal(new string('x', 255), (await outbox.FindAsync(message.Id, Cancel))!.LastError);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Enqueue_WithARelativeEndpoint_Throws(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { Endpoint = new Uri("/events", UriKind.Relative) };

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync(message, Cancel));

        Assert.Equal("message", exception.ParamName);
        Assert.Null(await outbox.FindAsync(message.Id, Cancel));
    }

    private async Task<IEventOutbox> OutboxAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<IEventOutbox>();
}
