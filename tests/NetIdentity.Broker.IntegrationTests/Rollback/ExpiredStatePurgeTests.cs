using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Rollback;

/// <summary>
/// Logins past their lifetime are erased from the shared store, not kept; used codes and bizSeqs
/// are erased once past any use (issue 9 §7).
/// </summary>
public sealed class ExpiredStatePurgeTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Purge_AfterTheLoginLifetime_ErasesTheLoginAndItsCookieFindsNothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = hosts.StartBroker(services => services.AddSingleton<TimeProvider>(clock));
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        Assert.Single(await broker.LoginStatesAsync());
        var purger = broker.Services.GetRequiredService<ExpiredStatePurger>();

        var early = await purger.PurgeOnceAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(10));
        var late = await purger.PurgeOnceAsync(TestContext.Current.CancellationToken);
        using var page = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(0, early.Logins);
        Assert.Equal(1, late.Logins);
        Assert.Empty(await broker.LoginStatesAsync());
        Assert.Equal("/errors/NI1302", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Purge_PastTheRetention_ErasesTheRedeemedCodeAndTheUsedBizSeqButKeepsValidTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = hosts.StartBroker(services => services.AddSingleton<TimeProvider>(clock));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var landing = await driver.LoginAsync(request);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        Assert.NotNull(tokens.AccessToken);
        var purger = broker.Services.GetRequiredService<ExpiredStatePurger>();
        var before = await CountsAsync(broker, ct);

        var early = await purger.PurgeOnceAsync(ct);
        clock.Advance(TimeSpan.FromDays(3));
        var late = await purger.PurgeOnceAsync(ct);
        var after = await CountsAsync(broker, ct);

        Assert.Equal((1, 1), (before.Redeemed, before.BizSeqs));
        Assert.Equal((0, 0), (early.Tokens, early.BizSeqs));
        Assert.Equal((1, 1), (late.Tokens, late.BizSeqs));
        Assert.Equal((0, 0), (after.Redeemed, after.BizSeqs));

        // Valid tokens stay (OpenIddict prunes only what can no longer be used), and so does the
        // authorization they belong to.
        Assert.Equal(before.Valid, after.Valid);
        Assert.True(after.Valid > 0);
        Assert.Equal(0, late.Authorizations);
    }

    /// <summary>Token entries no longer usable (the code, redeemed), valid ones, and used bizSeqs.</summary>
    private static async Task<(int Redeemed, int Valid, int BizSeqs)> CountsAsync(BrokerHost broker, CancellationToken ct)
    {
        await using var scope = broker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NetIdentity.Data.BrokerDbContext>();
        var tokens = db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>();
        return (
            await tokens.CountAsync(t => t.Status == "redeemed", ct),
            await tokens.CountAsync(t => t.Status == "valid", ct),
            await db.ConsumedBizSeqs.CountAsync(ct));
    }
}
