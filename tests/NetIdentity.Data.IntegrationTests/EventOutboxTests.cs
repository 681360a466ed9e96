using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// Tests share a database per provider and look only at their own messages, except those about
/// what is due, which has a database of its own: "due" is outbox-wide.
/// </summary>
public sealed class EventOutboxTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

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
    public async Task Due_WithSeveralDueMessages_ReturnsTheOldestFirstUpToMax(string provider)
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

        var due = await outbox.DueAsync(ConsentData.Noon, 2, Cancel);

        Assert.Equal([first.Id, second.Id], due.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Due_BeforeTheNextAttempt_LeavesTheMessageOut(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon) with { NextAttemptAt = ConsentData.Noon.AddMinutes(1) };
        await outbox.EnqueueAsync(message, Cancel);

        var early = await outbox.DueAsync(ConsentData.Noon.AddSeconds(59), 10, Cancel);
        var onTime = await outbox.DueAsync(ConsentData.Noon.AddMinutes(1), 10, Cancel);

        Assert.Empty(early);
        Assert.Equal([message.Id], onTime.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkDelivered_DueMessage_TakesItOutOfDueAndKeepsTheFirstTime(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);

        await outbox.MarkDeliveredAsync(message.Id, ConsentData.Noon.AddSeconds(1), Cancel);
        await outbox.MarkDeliveredAsync(message.Id, ConsentData.Noon.AddSeconds(2), Cancel);

        Assert.Empty(await outbox.DueAsync(ConsentData.Noon.AddHours(1), 10, Cancel));
        Assert.Equal(ConsentData.Stored(ConsentData.Noon.AddSeconds(1)), (await outbox.FindAsync(message.Id, Cancel))!.DeliveredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkFailed_Twice_StoresTheLatestAttemptsReasonAndNextAttempt(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);

        await outbox.MarkFailedAsync(message.Id, 1, ConsentData.Noon.AddSeconds(10), "HTTP 503", Cancel);
        await outbox.MarkFailedAsync(message.Id, 2, ConsentData.Noon.AddSeconds(40), "HttpRequestException", Cancel);

        var stored = await outbox.FindAsync(message.Id, Cancel);
        Assert.Equal(2, stored!.Attempts);
        Assert.Equal(ConsentData.Stored(ConsentData.Noon.AddSeconds(40)), stored.NextAttemptAt);
        Assert.Equal("HttpRequestException", stored.LastError);
        Assert.Null(stored.DeliveredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkFailed_AfterDelivery_ChangesNothing(string provider)
    {
        var outbox = await OutboxAsync(provider);
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);
        await outbox.MarkDeliveredAsync(message.Id, ConsentData.Noon, Cancel);

        await outbox.MarkFailedAsync(message.Id, 1, ConsentData.Noon.AddSeconds(10), "TaskCanceledException", Cancel);

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
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);
        var reason = new string('x', 255) + "😀" + new string('y', 100);

        await outbox.MarkFailedAsync(message.Id, 1, ConsentData.Noon, reason, Cancel);

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
