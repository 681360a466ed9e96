using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Protocol;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// The shared replay cache (issue 9 §6): a value is accepted once across every instance, the
/// database's primary key deciding; expired entries are purged. On SQLite and PostgreSQL alike.
/// Tests keep apart by their own random values.
/// </summary>
public sealed class ReplayCacheTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryUse_SameValueTwice_AcceptsOnlyTheFirst(string provider)
    {
        var cache = await CacheAsync(provider);
        var jti = Guid.NewGuid().ToString("N");

        var first = await cache.TryUseAsync("dpop.jti", jti, Noon.AddMinutes(1), Cancel);
        var second = await cache.TryUseAsync("dpop.jti", jti, Noon.AddMinutes(1), Cancel);

        Assert.True(first);
        Assert.False(second);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryUse_SameValueForAnotherPurpose_IsIndependent(string provider)
    {
        var cache = await CacheAsync(provider);
        var value = Guid.NewGuid().ToString("N");
        await cache.TryUseAsync("dpop.jti", value, Noon.AddMinutes(1), Cancel);

        var other = await cache.TryUseAsync("client_assertion.jti", value, Noon.AddMinutes(1), Cancel);

        Assert.True(other);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryUse_ConcurrentlyFromTwoInstances_AcceptsExactlyOne(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var one = database.BuildServices().GetRequiredService<IReplayCache>();
        var two = database.BuildServices().GetRequiredService<IReplayCache>();
        var jti = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(
            one.TryUseAsync("dpop.jti", jti, Noon.AddMinutes(1), Cancel),
            two.TryUseAsync("dpop.jti", jti, Noon.AddMinutes(1), Cancel));

        Assert.Single(results, accepted => accepted);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Purge_AfterExpiry_RemovesTheEntry(string provider)
    {
        var cache = await CacheAsync(provider);
        var jti = Guid.NewGuid().ToString("N");
        var expires = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(1_000_000));
        await cache.TryUseAsync("dpop.jti", jti, expires, Cancel);

        var purged = await cache.PurgeExpiredAsync(expires, Cancel);

        Assert.True(purged >= 1);
        Assert.True(await cache.TryUseAsync("dpop.jti", jti, expires, Cancel));
    }

    private async Task<IReplayCache> CacheAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<IReplayCache>();
}
