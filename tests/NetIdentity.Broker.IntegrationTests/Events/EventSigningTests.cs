using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Keys;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// Security events are signed when sent, not when queued (issue 9 §2; docs/events.md): an event
/// that waited in the outbox across a key rotation goes out signed with the key active then.
/// </summary>
public sealed class EventSigningTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Event_QueuedBeforeARotation_IsSignedWithTheNewKeyWhenSent()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        receiver.Status = 503;
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock);
        var old = await broker.ActiveKidAsync(KeyEndpoints.Signing);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-rotation", ["netid.age"], "consent-rotation"))!;
        var queued = await broker.WaitForAsync(jti, m => m.Attempts == 1, Bounded);
        Assert.StartsWith("{", queued.Payload, StringComparison.Ordinal);
        Assert.Equal(old, KeyEndpoints.Kid(receiver.Requests.Single().Body));

        var next = await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);
        clock.Advance(broker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyOptions>>().Value.PublishAhead);
        receiver.Status = 202;

        var delivered = await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);
        Assert.NotNull(delivered.DeliveredAt);
        var sent = receiver.Requests.Last().Body;
        Assert.Equal(next.KeyId, KeyEndpoints.Kid(sent));
        Assert.NotEqual(old, next.KeyId);
        var set = await SecurityEventTokenTests.ValidateAsync(broker, sent, EventsBroker.Listening.ClientId);
        Assert.Equal(jti, set.Id);
    }
}
