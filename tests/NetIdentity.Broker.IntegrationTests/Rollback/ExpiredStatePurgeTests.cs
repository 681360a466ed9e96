using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Rollback;

/// <summary>Logins past their lifetime are erased from the shared store, not kept.</summary>
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
}
