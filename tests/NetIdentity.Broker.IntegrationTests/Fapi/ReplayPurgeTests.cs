using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Protocol;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>The broker's purge erases replay cache entries once what they guard would be refused as stale anyway.</summary>
public sealed class ReplayPurgeTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Purge_AfterAnEntryExpires_ErasesItAndKeepsTheRest()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = hosts.StartBroker(services => services.AddSingleton<TimeProvider>(clock));
        var replay = broker.Services.GetRequiredService<IReplayCache>();
        var purger = broker.Services.GetRequiredService<ExpiredStatePurger>();
        var ct = TestContext.Current.CancellationToken;
        await replay.TryUseAsync("dpop.jti", "short", clock.GetUtcNow().AddSeconds(70), ct);
        await replay.TryUseAsync("dpop.jti", "long", clock.GetUtcNow().AddMinutes(10), ct);

        clock.Advance(TimeSpan.FromMinutes(2));
        await purger.PurgeOnceAsync(ct);

        Assert.True(await replay.TryUseAsync("dpop.jti", "short", clock.GetUtcNow().AddSeconds(70), ct));
        Assert.False(await replay.TryUseAsync("dpop.jti", "long", clock.GetUtcNow().AddMinutes(10), ct));
    }
}
