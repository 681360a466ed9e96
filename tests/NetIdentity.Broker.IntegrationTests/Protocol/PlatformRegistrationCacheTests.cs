using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Oidc;
using NetIdentity.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// <see cref="PlatformRegistrationCache"/>: a platform's application row is read once a minute,
/// not on every request (issue 10), and each request still gets an entity of its own, tracked
/// by its own context as if read. A change made through this instance is seen at once; another
/// instance's change (here: another writer of the database) within the documented minute.
/// Each test has its own broker (on SQLite) and clock.
/// </summary>
public sealed class PlatformRegistrationCacheTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private const string NewRedirectUri = "https://a.example/another-callback";

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Login_AfterTheFirst_ReadsNoPlatformRow()
    {
        using var broker = mock.StartBroker(
            services => services.AddSingleton<TimeProvider>(_clock),
            new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" });
        var driver = mock.NewDriver(broker);
        await LogInAndRedeemAsync(driver);
        var before = ApplicationReads(broker);

        await LogInAndRedeemAsync(driver);

        // OpenIddict alone read the row at the authorization request, the return and the token
        // request (three reads a login); the authorization and token entries are still linked to
        // the platform, from the request's copy.
        Assert.Equal(before, ApplicationReads(broker));

        _clock.Advance(PlatformRegistrationCache.Lifetime + TimeSpan.FromSeconds(1));
        await LogInAndRedeemAsync(driver);
        Assert.Equal(before + 1, ApplicationReads(broker));
    }

    [Fact]
    public async Task Lookup_GivesEachRequestItsOwnEntity_TrackedAsRead()
    {
        using var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(_clock));
        var (first, firstState) = await FindInNewScopeAsync(broker);
        var (second, secondState) = await FindInNewScopeAsync(broker);

        Assert.NotSame(first, second);
        Assert.Equal(EntityState.Unchanged, firstState);
        Assert.Equal(EntityState.Unchanged, secondState);
        Assert.Equal(first!.Id, second!.Id);
        Assert.Equal(first.ClientSecret, second.ClientSecret);
        Assert.Equal(first.RedirectUris, second.RedirectUris);
        Assert.Equal(first.Permissions, second.Permissions);
        Assert.Equal(first.ConcurrencyToken, second.ConcurrencyToken);
    }

    [Fact]
    public async Task Lookup_WhenTheRequestHasTheRowAlready_ReturnsThatEntity()
    {
        using var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(_clock));
        await FindInNewScopeAsync(broker);

        // Read by the request first (as a token read links its platform), then looked up.
        await using (var scope = broker.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var read = await context.Set<OpenIddictEntityFrameworkCoreApplication>().AsTracking().SingleAsync(a => a.ClientId == TestPlatforms.A.ClientId, Ct);

            Assert.Same(read, await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct));
            Assert.Same(read, await applications.FindByIdAsync(read.Id!, Ct));
        }

        // Looked up first (from the copy), then read by the request and looked up by its key.
        await using (var scope = broker.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var found = (OpenIddictEntityFrameworkCoreApplication)(await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct))!;

            Assert.Same(found, await context.Set<OpenIddictEntityFrameworkCoreApplication>().AsTracking().SingleAsync(a => a.ClientId == TestPlatforms.A.ClientId, Ct));
            Assert.Same(found, await applications.FindByIdAsync(found.Id!, Ct));
        }
    }

    [Fact]
    public async Task Lookup_AfterTheRequestClearedItsTracker_GivesATrackedEntityAgain()
    {
        using var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(_clock));
        await FindInNewScopeAsync(broker);
        await using var scope = broker.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var first = await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct);

        // As the broker's stores do after some failures.
        context.ChangeTracker.Clear();
        var again = (OpenIddictEntityFrameworkCoreApplication)(await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct))!;

        Assert.NotSame(first, again);
        Assert.Equal(EntityState.Unchanged, context.Entry(again).State);
    }

    [Fact]
    public async Task ChangeThroughThisInstance_IsSeenByTheNextRequest()
    {
        using var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(_clock));
        await FindInNewScopeAsync(broker);

        await using (var scope = broker.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = (await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct))!;
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application, Ct);
            descriptor.RedirectUris.Clear();
            descriptor.RedirectUris.Add(new Uri(NewRedirectUri));
            await applications.UpdateAsync(application, descriptor, Ct);
        }

        Assert.Equal($"[\"{NewRedirectUri}\"]", (await FindInNewScopeAsync(broker)).Application!.RedirectUris);

        await using (var scope = broker.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.DeleteAsync((await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct))!, Ct);
        }

        Assert.Null((await FindInNewScopeAsync(broker)).Application);
    }

    [Fact]
    public async Task ChangeByAnotherWriter_IsSeenWithinTheLifetime()
    {
        using var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(_clock));
        var (before, _) = await FindInNewScopeAsync(broker);
        await using (var scope = broker.Services.CreateAsyncScope())
        {
            // Another instance, started with a new configuration, rewrote the platform's row.
            var context = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            await context.Database.ExecuteSqlAsync($"UPDATE \"OpenIddictApplications\" SET \"RedirectUris\" = {$"[\"{NewRedirectUri}\"]"}, \"ConcurrencyToken\" = 'changed' WHERE \"ClientId\" = {TestPlatforms.A.ClientId}", Ct);
        }

        _clock.Advance(PlatformRegistrationCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(before!.RedirectUris, (await FindInNewScopeAsync(broker)).Application!.RedirectUris);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var after = (await FindInNewScopeAsync(broker)).Application!;
        Assert.Equal($"[\"{NewRedirectUri}\"]", after.RedirectUris);
        Assert.Equal("changed", after.ConcurrencyToken);
    }

    [Fact]
    public void Copies_BeyondCapacity_AreForgottenRatherThanGrow()
    {
        var copies = new PlatformRegistrationCopies(_clock);
        for (var i = 0; i <= PlatformRegistrationCopies.Capacity; i++)
        {
            copies.Keep(new PlatformRegistrationCopy("id-" + i, "client-" + i, []));
        }

        Assert.Null(copies.Find("client-0", byClientId: true));
        Assert.Null(copies.Find("id-0", byClientId: false));
        Assert.NotNull(copies.Find("client-" + PlatformRegistrationCopies.Capacity, byClientId: true));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task LogInAndRedeemAsync(LoginDriver driver)
    {
        var request = new AuthorizationRequest(TestPlatforms.A);
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];
        var tokens = await driver.RedeemAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens.AccessToken);
    }

    /// <summary>The statements EF Core logged that read the application table.</summary>
    private static int ApplicationReads(BrokerHost broker) =>
        broker.Logs.Lines.Count(l => l.Contains("Executed DbCommand", StringComparison.Ordinal)
            && l.Contains("SELECT", StringComparison.Ordinal)
            && l.Contains("FROM \"OpenIddictApplications\"", StringComparison.Ordinal));

    /// <summary>Platform A looked up as OpenIddict does, in a request scope of its own.</summary>
    private static async Task<(OpenIddictEntityFrameworkCoreApplication? Application, EntityState State)> FindInNewScopeAsync(BrokerHost broker)
    {
        await using var scope = broker.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var context = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var application = (OpenIddictEntityFrameworkCoreApplication?)await applications.FindByClientIdAsync(TestPlatforms.A.ClientId, Ct);
        return (application, application is null ? EntityState.Detached : context.Entry(application).State);
    }
}
