using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Streams;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// SSF streams (issue 12 §1) on SQLite and PostgreSQL: one per platform, reached only by its
/// platform; the outbox's claim skips poll events and paused streams; polls and acknowledgements
/// touch only their own stream; disabling and deleting drop what was queued.
/// </summary>
public sealed class EventStreamsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_ThenRead_ReturnsEveryFieldAsWritten_AndASecondIsRefused(string provider)
    {
        var streams = await StreamsAsync(provider);
        var stream = Push(ConsentData.NewClientId());

        Assert.True(await streams.CreateAsync(stream, Cancel));
        Assert.False(await streams.CreateAsync(Push(stream.ClientId), Cancel));

        var stored = await streams.ForPlatformAsync(stream.ClientId, Cancel);
        Assert.NotNull(stored);
        Assert.Equal(stream.Id, stored.Id);
        Assert.Equal(stream.EndpointUrl, stored.EndpointUrl);
        Assert.Equal("protected-header", stored.AuthorizationHeader);
        Assert.Equal(stream.EventsRequested, stored.EventsRequested);
        Assert.Equal(StreamDelivery.Push, stored.Delivery);
        Assert.Equal(StreamStatus.Enabled, stored.Status);
        Assert.Equal(ConsentData.Stored(stream.CreatedAt), stored.CreatedAt);
        Assert.Equal(stream.ClientId, (await streams.FindAsync(stream.Id, Cancel))!.ClientId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryChange_ByAnotherPlatform_ChangesNothing(string provider)
    {
        var streams = await StreamsAsync(provider);
        var stream = Push(ConsentData.NewClientId());
        await streams.CreateAsync(stream, Cancel);
        var other = ConsentData.NewClientId();

        Assert.False(await streams.UpdateAsync(stream with { ClientId = other, Description = "taken" }, Cancel));
        Assert.False(await streams.SetStatusAsync(other, stream.Id, StreamStatus.Disabled, null, ConsentData.Noon, Cancel));
        Assert.False(await streams.TryRecordVerificationAsync(other, stream.Id, ConsentData.Noon, TimeSpan.FromSeconds(30), Cancel));
        Assert.False(await streams.DeleteAsync(other, stream.Id, Cancel));
        Assert.Null(await streams.ForPlatformAsync(other, Cancel));

        var stored = await streams.ForPlatformAsync(stream.ClientId, Cancel);
        Assert.Equal((StreamStatus.Enabled, (string?)null, (DateTimeOffset?)null), (stored!.Status, stored.Description, stored.LastVerificationAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verification_WithinTheInterval_IsRefused(string provider)
    {
        var streams = await StreamsAsync(provider);
        var stream = Push(ConsentData.NewClientId());
        await streams.CreateAsync(stream, Cancel);
        var interval = TimeSpan.FromSeconds(30);

        Assert.True(await streams.TryRecordVerificationAsync(stream.ClientId, stream.Id, ConsentData.Noon, interval, Cancel));
        Assert.False(await streams.TryRecordVerificationAsync(stream.ClientId, stream.Id, ConsentData.Noon.AddSeconds(29), interval, Cancel));
        Assert.True(await streams.TryRecordVerificationAsync(stream.ClientId, stream.Id, ConsentData.Noon.AddSeconds(31), interval, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_SkipsPollEventsAndPausedStreams_UntilEnabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = database.BuildServices();
        var streams = services.GetRequiredService<IEventStreams>();
        var outbox = services.GetRequiredService<IEventOutbox>();
        var pushed = Push(ConsentData.NewClientId());
        var polled = Poll(ConsentData.NewClientId());
        await streams.CreateAsync(pushed, Cancel);
        await streams.CreateAsync(polled, Cancel);
        var onPush = OnStream(pushed, ConsentData.Noon.AddSeconds(-3));
        var onPoll = OnStream(polled, ConsentData.Noon.AddSeconds(-2)) with { Kind = OutboxKind.Polled };
        var legacy = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon.AddSeconds(-1));
        foreach (var message in new[] { onPush, onPoll, legacy })
        {
            await outbox.EnqueueAsync(message, Cancel);
        }

        await streams.SetStatusAsync(pushed.ClientId, pushed.Id, StreamStatus.Paused, "maintenance", ConsentData.Noon, Cancel);
        var whilePaused = await outbox.ClaimAsync("instance-a", ConsentData.Noon, TimeSpan.FromMinutes(1), 10, Cancel);
        await streams.SetStatusAsync(pushed.ClientId, pushed.Id, StreamStatus.Enabled, null, ConsentData.Noon, Cancel);
        var enabled = await outbox.ClaimAsync("instance-a", ConsentData.Noon, TimeSpan.FromMinutes(1), 10, Cancel);

        Assert.Equal([legacy.Id], whilePaused.Select(m => m.Id));
        Assert.Equal([onPush.Id], enabled.Select(m => m.Id));
        Assert.Equal(pushed.Id, enabled[0].StreamId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Poll_ServesTheStreamsUnacknowledgedEvents_AndAckTouchesOnlyItsOwn(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var streams = services.GetRequiredService<IEventStreams>();
        var outbox = services.GetRequiredService<IEventOutbox>();
        var mine = Poll(ConsentData.NewClientId());
        var theirs = Poll(ConsentData.NewClientId());
        await streams.CreateAsync(mine, Cancel);
        await streams.CreateAsync(theirs, Cancel);
        var first = OnStream(mine, ConsentData.Noon.AddSeconds(-2)) with { Kind = OutboxKind.Polled };
        var second = OnStream(mine, ConsentData.Noon.AddSeconds(-1)) with { Kind = OutboxKind.Polled };
        var other = OnStream(theirs, ConsentData.Noon) with { Kind = OutboxKind.Polled };
        foreach (var message in new[] { first, second, other })
        {
            await outbox.EnqueueAsync(message, Cancel);
        }

        var one = await streams.PollAsync(mine.Id, 1, Cancel);
        Assert.Equal([first.Id], one.Events.Select(m => m.Id));
        Assert.True(one.MoreAvailable);

        Assert.Equal(0, await streams.AcknowledgeAsync(mine.Id, [other.Id], ConsentData.Noon, null, Cancel));
        Assert.Equal(1, await streams.AcknowledgeAsync(mine.Id, [first.Id], ConsentData.Noon, null, Cancel));
        Assert.Equal(1, await streams.AcknowledgeAsync(mine.Id, [second.Id], ConsentData.Noon, "invalid_key", Cancel));
        Assert.Equal(0, await streams.AcknowledgeAsync(mine.Id, [first.Id], ConsentData.Noon, null, Cancel));

        var rest = await streams.PollAsync(mine.Id, 10, Cancel);
        Assert.Empty(rest.Events);
        Assert.False(rest.MoreAvailable);
        Assert.Equal("setErr:invalid_key", (await outbox.FindAsync(second.Id, Cancel))!.LastError);
        Assert.Null((await outbox.FindAsync(other.Id, Cancel))!.DeliveredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DisableAndDelete_DropTheStreamsUndeliveredEvents(string provider)
    {
        var services = (await fixture.GetAsync(provider)).BuildServices();
        var streams = services.GetRequiredService<IEventStreams>();
        var outbox = services.GetRequiredService<IEventOutbox>();
        var disabled = Poll(ConsentData.NewClientId());
        var deleted = Poll(ConsentData.NewClientId());
        await streams.CreateAsync(disabled, Cancel);
        await streams.CreateAsync(deleted, Cancel);
        var a = OnStream(disabled, ConsentData.Noon) with { Kind = OutboxKind.Polled };
        var b = OnStream(deleted, ConsentData.Noon) with { Kind = OutboxKind.Polled };
        await outbox.EnqueueAsync(a, Cancel);
        await outbox.EnqueueAsync(b, Cancel);

        Assert.True(await streams.SetStatusAsync(disabled.ClientId, disabled.Id, StreamStatus.Disabled, "gone", ConsentData.Noon, Cancel));
        Assert.True(await streams.DeleteAsync(deleted.ClientId, deleted.Id, Cancel));

        Assert.Null(await outbox.FindAsync(a.Id, Cancel));
        Assert.Null(await outbox.FindAsync(b.Id, Cancel));
        Assert.Equal((StreamStatus.Disabled, "gone"), ((await streams.FindAsync(disabled.Id, Cancel))!.Status, (await streams.FindAsync(disabled.Id, Cancel))!.StatusReason));
        Assert.Null(await streams.FindAsync(deleted.Id, Cancel));
    }

    private static StreamConfiguration Push(string clientId) => new()
    {
        Id = ConsentData.NewId(),
        ClientId = clientId,
        Delivery = StreamDelivery.Push,
        EndpointUrl = new Uri("https://platform.example/events"),
        AuthorizationHeader = "protected-header",
        EventsRequested = ["https://netidentity.example/secevent/consent-withdrawn", "https://schemas.openid.net/secevent/caep/event-type/session-revoked"],
        CreatedAt = ConsentData.Noon,
        UpdatedAt = ConsentData.Noon,
    };

    private static StreamConfiguration Poll(string clientId) => Push(clientId) with { Delivery = StreamDelivery.Poll, EndpointUrl = null, AuthorizationHeader = null };

    private static OutboxMessage OnStream(StreamConfiguration stream, DateTimeOffset createdAt) =>
        ConsentData.Message(stream.ClientId, createdAt) with { StreamId = stream.Id };

    private async Task<IEventStreams> StreamsAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<IEventStreams>();
}
