using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Login;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Counters shared by every instance: atomic under races, windowed, never below zero.</summary>
public sealed class SharedCountersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Increment_FromManyInstancesAtOnce_GivesEachADistinctCount(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var instances = Enumerable.Range(0, 4).Select(_ => database.BuildServices().GetRequiredService<ISharedCounters>()).ToList();

        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => instances[i % instances.Count].IncrementAsync("k", Window, Now, Cancel), Cancel)));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), counts.Order());
        Assert.Equal(20, await instances[0].ReadAsync("k", Now, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Increment_AfterTheWindowEnded_StartsAgainAtOne(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var counters = database.BuildServices().GetRequiredService<ISharedCounters>();
        await counters.IncrementAsync("k", Window, Now, Cancel);
        await counters.IncrementAsync("k", Window, Now.AddMinutes(14), Cancel);

        var later = await counters.IncrementAsync("k", Window, Now.AddMinutes(15), Cancel);

        Assert.Equal(1, later);
        Assert.Equal(1, await counters.ReadAsync("k", Now.AddMinutes(29), Cancel));
        Assert.Equal(0, await counters.ReadAsync("k", Now.AddMinutes(30), Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Decrement_NeverGoesBelowZero_AndResetRemoves(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var counters = database.BuildServices().GetRequiredService<ISharedCounters>();
        await counters.IncrementAsync("k", Window, Now, Cancel);
        await counters.IncrementAsync("other", Window, Now, Cancel);

        await counters.DecrementAsync("k", Now, Cancel);
        await counters.DecrementAsync("k", Now, Cancel);
        var afterDecrements = await counters.ReadAsync("k", Now, Cancel);
        await counters.ResetAsync("other", Cancel);

        Assert.Equal(0, afterDecrements);
        Assert.Equal(0, await counters.ReadAsync("other", Now, Cancel));
        Assert.Equal(1, await counters.IncrementAsync("other", Window, Now, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PurgeExpired_ErasesOnlyEndedWindows(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var counters = database.BuildServices().GetRequiredService<ISharedCounters>();
        await counters.IncrementAsync("old", Window, Now, Cancel);
        await counters.IncrementAsync("new", Window, Now.AddMinutes(10), Cancel);

        var purged = await counters.PurgeExpiredAsync(Now.AddMinutes(15), Cancel);

        Assert.Equal(1, purged);
        Assert.Equal(1, await counters.ReadAsync("new", Now.AddMinutes(15), Cancel));
    }
}
