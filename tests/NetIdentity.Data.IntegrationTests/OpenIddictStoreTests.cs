using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using OpenIddict.Abstractions;

namespace NetIdentity.Data.IntegrationTests;

public sealed class OpenIddictStoreTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplicationManager_UsingBrokerDbContext_CreatesAndFindsAnApplication(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var services = database.BuildServices(s => s.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<BrokerDbContext>()));
        var clientId = $"platform-{Guid.NewGuid():N}";
        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await manager.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientType = OpenIddictConstants.ClientTypes.Public,
                DisplayName = "Demo platform",
                RedirectUris = { new Uri("https://platform.example/callback") },
            }, Cancel);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = await manager.FindByClientIdAsync(clientId, Cancel);

            Assert.NotNull(application);
            Assert.Equal("Demo platform", await manager.GetDisplayNameAsync(application, Cancel));
        }
    }
}
