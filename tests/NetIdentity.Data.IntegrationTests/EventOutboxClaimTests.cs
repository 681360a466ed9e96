using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// Several instances share one outbox (issue 11 §1): each event is claimed by one of them at a
/// time, and only the holder of its lease records how it went. Each test has its own database,
/// and each "instance" its own service provider (own pool of connections).
/// </summary>
public sealed class EventOutboxClaimTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static readonly TimeSpan Lease = EventOutboxTests.Lease;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_ByFourInstancesAtOnce_GivesEveryMessageToExactlyOne(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var client = ConsentData.NewClientId();
        var writer = database.BuildServices().GetRequiredService<IEventOutbox>();
        var ids = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var message = ConsentData.Message(client, ConsentData.Noon.AddMilliseconds(-i));
            ids.Add(message.Id);
            await writer.EnqueueAsync(message, Cancel);
        }

        var claims = new ConcurrentBag<(string Owner, string Id)>();
        var instances = Enumerable.Range(1, 4).Select(n => (Owner: $"instance-{n}", Outbox: database.BuildServices().GetRequiredService<IEventOutbox>())).ToList();

        // In rounds: the four instances claim at the same moment, every round, until nothing is
        // left. (Left to run freely, on SQLite the first instance could take everything before
        // the others' first claim: SQLite serialises writers, so that would prove no race.)
        while (true)
        {
            var round = await Task.WhenAll(instances.Select(instance => Task.Run(
                async () =>
                {
                    var claimed = await instance.Outbox.ClaimAsync(instance.Owner, ConsentData.Noon, Lease, 7, Cancel);
                    foreach (var message in claimed)
                    {
                        Assert.Equal(instance.Owner, message.LeaseOwner);
                        claims.Add((instance.Owner, message.Id));
                    }

                    return claimed.Count;
                },
                Cancel)));
            if (round.Sum() == 0)
            {
                break;
            }
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), claims.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.True(claims.Select(c => c.Owner).Distinct().Count() > 1, "Only one instance claimed anything: the race did not happen.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Claim_OfALeasedMessage_IsEmptyUntilTheLeaseRunsOutThenGoesToTheOther(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = database.BuildServices().GetRequiredService<IEventOutbox>();
        var second = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await first.EnqueueAsync(message, Cancel);

        var claimed = await first.ClaimAsync("instance-that-dies", ConsentData.Noon, Lease, 10, Cancel);
        var whileLeased = await second.ClaimAsync("instance-b", ConsentData.Noon + Lease - TimeSpan.FromMilliseconds(1), Lease, 10, Cancel);
        var afterExpiry = await second.ClaimAsync("instance-b", ConsentData.Noon + Lease, Lease, 10, Cancel);

        Assert.Equal([message.Id], claimed.Select(m => m.Id));
        Assert.Empty(whileLeased);
        var reclaimed = Assert.Single(afterExpiry);
        Assert.Equal(("instance-b", ConsentData.Stored(ConsentData.Noon + Lease + Lease)), (reclaimed.LeaseOwner, reclaimed.LeaseExpiresAt!.Value));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Mark_ByAnInstanceWhoseLeaseWasTakenOver_ChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var late = database.BuildServices().GetRequiredService<IEventOutbox>();
        var current = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await late.EnqueueAsync(message, Cancel);
        await late.ClaimAsync("instance-late", ConsentData.Noon, Lease, 10, Cancel);
        await current.ClaimAsync("instance-current", ConsentData.Noon + Lease, Lease, 10, Cancel);

        var failed = await late.MarkFailedAsync(message.Id, "instance-late", 1, ConsentData.Noon + Lease, ConsentData.Noon.AddHours(1), "TimeoutException", Cancel);
        var dead = await late.DeadLetterAsync(message.Id, "instance-late", 1, ConsentData.Noon + Lease, "TimeoutException", Cancel);
        var delivered = await late.MarkDeliveredAsync(message.Id, "instance-late", ConsentData.Noon + Lease, Cancel);

        Assert.Equal((false, false, false), (failed, dead, delivered));
        var stored = (await current.FindAsync(message.Id, Cancel))!;
        Assert.Equal(("instance-current", 0, null, OutboxState.Pending), (stored.LeaseOwner, stored.Attempts, stored.LastError, stored.State));
        Assert.True(await current.MarkDeliveredAsync(message.Id, "instance-current", ConsentData.Noon + Lease, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Mark_WithoutAClaim_ChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var outbox = database.BuildServices().GetRequiredService<IEventOutbox>();
        var message = ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon);
        await outbox.EnqueueAsync(message, Cancel);

        Assert.False(await outbox.MarkDeliveredAsync(message.Id, "instance-a", ConsentData.Noon, Cancel));
        Assert.False(await outbox.MarkFailedAsync(message.Id, "instance-a", 1, ConsentData.Noon, ConsentData.Noon, "503", Cancel));

        Assert.Equal(OutboxState.Pending, (await outbox.FindAsync(message.Id, Cancel))!.State);
        Assert.Null((await outbox.FindAsync(message.Id, Cancel))!.LastError);
    }
}
