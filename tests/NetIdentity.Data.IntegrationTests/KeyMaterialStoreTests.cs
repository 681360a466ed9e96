using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Keys;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Each test has a database of its own: "the active key" is database-wide.</summary>
public sealed class KeyMaterialStoreTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetOrAddActive_OnEmptyStore_StoresTheCreatedKey(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var created = NewKey(KeyUses.Signing);

        var active = await store.GetOrAddActiveAsync(KeyUses.Signing, () => created, Cancel);

        var stored = Assert.Single(await database.BuildServices().GetRequiredService<IKeyMaterialStore>().GetAllAsync(KeyUses.Signing, Cancel));
        Assert.Equal(created.KeyId, active.KeyId);
        Assert.Equal(created.KeyId, stored.KeyId);
        Assert.Equal("ES256", stored.Algorithm);
        Assert.Equal(created.ProtectedMaterial, stored.ProtectedMaterial);
        Assert.Null(stored.RetiredAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetOrAddActive_CalledTwice_ReturnsTheFirstKey(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var first = await store.GetOrAddActiveAsync(KeyUses.Signing, () => NewKey(KeyUses.Signing), Cancel);

        var second = await store.GetOrAddActiveAsync(KeyUses.Signing, () => NewKey(KeyUses.Signing), Cancel);

        Assert.Equal(first.KeyId, second.KeyId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetOrAddActive_ByTwoInstancesRacing_ReturnsOneKeyToBoth(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var second = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        // Both callers make a key only once both have found none: the race is certain, not likely.
        using var bothFoundNone = new Barrier(2);
        KeyMaterial Create()
        {
            Assert.True(bothFoundNone.SignalAndWait(TimeSpan.FromSeconds(10)));
            return NewKey(KeyUses.Encryption);
        }

        var keys = await Task.WhenAll(
            Task.Run(() => first.GetOrAddActiveAsync(KeyUses.Encryption, Create, Cancel), Cancel),
            Task.Run(() => second.GetOrAddActiveAsync(KeyUses.Encryption, Create, Cancel), Cancel));

        Assert.Equal(keys[0].KeyId, keys[1].KeyId);
        Assert.Single(await first.GetAllAsync(KeyUses.Encryption, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetOrAddActive_AfterRetire_CreatesASuccessor(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var old = await store.GetOrAddActiveAsync(KeyUses.Signing, () => NewKey(KeyUses.Signing), Cancel);
        Assert.True(await store.RetireAsync(old.KeyId, DateTimeOffset.UtcNow, Cancel));

        var successor = await store.GetOrAddActiveAsync(KeyUses.Signing, () => NewKey(KeyUses.Signing), Cancel);

        Assert.NotEqual(old.KeyId, successor.KeyId);
        var all = await store.GetAllAsync(KeyUses.Signing, Cancel);
        Assert.Equal([successor.KeyId, old.KeyId], all.Select(k => k.KeyId));
        Assert.NotNull(all[1].RetiredAt);
    }

    [Fact]
    public async Task GetOrAddActive_WithUnknownUse_Throws()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, migrate: false);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => store.GetOrAddActiveAsync("signing", () => NewKey("signing"), Cancel));

        Assert.Equal("A key's use is 'sig' or 'enc', not 'signing'. (Parameter 'use')", exception.Message);
    }

    private static KeyMaterial NewKey(string use) => new()
    {
        KeyId = Guid.NewGuid().ToString("N"),
        Use = use,
        Algorithm = use == KeyUses.Signing ? "ES256" : "A256KW",
        ProtectedMaterial = "CfDJ8" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
