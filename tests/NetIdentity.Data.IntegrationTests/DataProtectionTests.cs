using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

public sealed class DataProtectionTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Protect_WithKeysPersistedToBrokerDbContext_StoresTheKeyRingInTheDatabase(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var services = database.BuildServices(s => s.AddDataProtection().SetApplicationName("tests").PersistKeysToDbContext<BrokerDbContext>());

        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("payload");

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unprotect_OnASecondInstance_ReadsWhatTheFirstProtected(string provider)
    {
        var database = await fixture.GetAsync(provider);
        var first = database.BuildServices(s => s.AddNetIdentityDataProtection());
        var second = database.BuildServices(s => s.AddNetIdentityDataProtection());
        var protectedPayload = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-material").Protect("secret");

        var payload = second.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-material").Unprotect(protectedPayload);

        Assert.Equal("secret", payload);
    }
}
