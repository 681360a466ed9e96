using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Tests share a database per provider and keep apart by their own ids, except the purge's.</summary>
public sealed class IdentityDeliveriesTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_StoredDelivery_ReturnsItExactlyAsStored(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);

        var taken = await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon.AddMinutes(1), Cancel);

        Assert.NotNull(taken);
        Assert.Equal(delivery.Envelope, taken.Envelope);
        Assert.Equal(
            delivery with { Envelope = taken.Envelope, CreatedAt = ConsentData.Stored(delivery.CreatedAt), ExpiresAt = ConsentData.Stored(delivery.ExpiresAt) },
            taken);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_Twice_ReturnsNullTheSecondTime(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);
        await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon, Cancel);

        var second = await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon, Cancel);

        Assert.Null(second);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_AtExpiry_ReturnsNullAndLeavesItForThePurge(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var deliveries = database.BuildServices().GetRequiredService<IIdentityDeliveries>();
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);

        var taken = await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, delivery.ExpiresAt, Cancel);

        Assert.Null(taken);
        Assert.True(await ExistsAsync(database, delivery.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_ByAnotherPlatform_ReturnsNullAndLeavesItForItsOwn(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);

        var byOther = await deliveries.TakeAsync(delivery.Id, ConsentData.NewClientId(), delivery.Subject, ConsentData.Noon, Cancel);

        Assert.Null(byOther);
        Assert.NotNull(await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_ForAnotherSubject_ReturnsNullAndLeavesItForItsOwn(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);

        var forOther = await deliveries.TakeAsync(delivery.Id, delivery.ClientId, ConsentData.NewKey(), ConsentData.Noon, Cancel);

        Assert.Null(forOther);
        Assert.NotNull(await deliveries.TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_UnknownId_ReturnsNull(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);

        Assert.Null(await deliveries.TakeAsync(ConsentData.NewId(), ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Take_TwentyAtOnceOnTwoInstances_HandsItOutExactlyOnce(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var instances = new[] { database.BuildServices(), database.BuildServices() }.Select(s => s.GetRequiredService<IIdentityDeliveries>()).ToArray();
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await instances[0].StoreAsync(delivery, Cancel);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 20).Select(async i =>
        {
            await start.Task;
            return await instances[i % 2].TakeAsync(delivery.Id, delivery.ClientId, delivery.Subject, ConsentData.Noon, Cancel);
        }).ToList();

        start.SetResult();
        var takes = await Task.WhenAll(racing);

        Assert.Equal(delivery.Envelope, Assert.Single(takes, t => t is not null)!.Envelope);
        Assert.False(await ExistsAsync(database, delivery.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PurgeExpired_RemovesExpiredDeliveriesOnly(string provider)
    {
        // Its own database: the purge counts every expired row.
        await using var database = await TestDatabase.CreateAsync(provider);
        var deliveries = database.BuildServices().GetRequiredService<IIdentityDeliveries>();
        var client = ConsentData.NewClientId();
        var expired = ConsentData.Delivery(client, ConsentData.NewKey(), ConsentData.Noon.AddMinutes(-10));
        var expiringNow = ConsentData.Delivery(client, ConsentData.NewKey(), ConsentData.Noon.AddMinutes(-5));
        var waiting = ConsentData.Delivery(client, ConsentData.NewKey(), ConsentData.Noon.AddMinutes(-1));
        foreach (var delivery in new[] { expired, expiringNow, waiting })
        {
            await deliveries.StoreAsync(delivery, Cancel);
        }

        var purged = await deliveries.PurgeExpiredAsync(expiringNow.ExpiresAt, Cancel);

        Assert.Equal(2, purged);
        Assert.False(await ExistsAsync(database, expired.Id));
        Assert.False(await ExistsAsync(database, expiringNow.Id));
        Assert.NotNull(await deliveries.TakeAsync(waiting.Id, client, waiting.Subject, ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Erase_ForPlatformAndSubject_RemovesTheirDeliveriesOnly(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var client = ConsentData.NewClientId();
        var subject = ConsentData.NewKey();
        var first = ConsentData.Delivery(client, subject, ConsentData.Noon);
        var second = ConsentData.Delivery(client, subject, ConsentData.Noon.AddSeconds(1));
        var otherSubject = ConsentData.Delivery(client, ConsentData.NewKey(), ConsentData.Noon);
        var otherPlatform = ConsentData.Delivery(ConsentData.NewClientId(), subject, ConsentData.Noon);
        foreach (var delivery in new[] { first, second, otherSubject, otherPlatform })
        {
            await deliveries.StoreAsync(delivery, Cancel);
        }

        var erased = await deliveries.EraseAsync(client, subject, Cancel);

        Assert.Equal(2, erased);
        Assert.Null(await deliveries.TakeAsync(first.Id, client, subject, ConsentData.Noon, Cancel));
        Assert.NotNull(await deliveries.TakeAsync(otherSubject.Id, client, otherSubject.Subject, ConsentData.Noon, Cancel));
        Assert.NotNull(await deliveries.TakeAsync(otherPlatform.Id, otherPlatform.ClientId, subject, ConsentData.Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Store_ForLongerThanTheLifetime_ThrowsAndStoresNothing(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var deliveries = database.BuildServices().GetRequiredService<IIdentityDeliveries>();
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => deliveries.StoreAsync(delivery with { ExpiresAt = delivery.ExpiresAt.AddSeconds(1) }, Cancel));

        Assert.Equal("delivery", exception.ParamName);
        Assert.StartsWith("A delivery expires after it is created and at most 5 minutes later;", exception.Message, StringComparison.Ordinal);
        Assert.False(await ExistsAsync(database, delivery.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Store_WithAnExistingId_Throws(string provider)
    {
        var deliveries = await DeliveriesAsync(provider);
        var delivery = ConsentData.Delivery(ConsentData.NewClientId(), ConsentData.NewKey(), ConsentData.Noon);
        await deliveries.StoreAsync(delivery, Cancel);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => deliveries.StoreAsync(delivery with { Subject = ConsentData.NewKey() }, Cancel));

        Assert.Equal($"A delivery with id '{delivery.Id}' is already waiting. Delivery ids must be unique; make them random.", exception.Message);
    }

    private async Task<IIdentityDeliveries> DeliveriesAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<IIdentityDeliveries>();

    private static async Task<bool> ExistsAsync(TestDatabase database, string id)
    {
        await using var scope = database.BuildServices().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.IdentityDeliveries.AnyAsync(d => d.Id == id, Cancel);
    }
}
