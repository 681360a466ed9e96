using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Keys;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Each test has a database of its own: the key generations are database-wide.</summary>
public sealed class KeyMaterialStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddSuccessor_OnEmptyStore_StoresGenerationOne(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        KeyMaterial? created = null;

        var (key, added) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => created = NewKey(KeyUses.Signing, g, Now), Cancel);

        var stored = Assert.Single(await database.BuildServices().GetRequiredService<IKeyMaterialStore>().GetAllAsync(KeyUses.Signing, Cancel));
        Assert.True(added);
        Assert.Equal(created!.KeyId, key.KeyId);
        Assert.Equal(created.KeyId, stored.KeyId);
        Assert.Equal(1, stored.Generation);
        Assert.Equal("ES256", stored.Algorithm);
        Assert.Equal(created.ProtectedMaterial, stored.ProtectedMaterial);
        Assert.Equal(created.PublicJwk, stored.PublicJwk);
        Assert.Equal(Now.AddDays(1), stored.ActivatesAt);
        Assert.Null(stored.CompromisedAt);
        Assert.Null(stored.ArchivedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddSuccessor_OfAGenerationThatExists_ReturnsItAndAddsNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var (first, _) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g, Now), Cancel);

        var (again, added) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g, Now), Cancel);

        Assert.False(added);
        Assert.Equal(first.KeyId, again.KeyId);
        Assert.Single(await store.GetAllAsync(KeyUses.Signing, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddSuccessor_ByTwoInstancesRacing_StoresOneKeyForBoth(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var second = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        await first.AddSuccessorAsync(KeyUses.Encryption, 0, g => NewKey(KeyUses.Encryption, g, Now), Cancel);
        // Both callers make generation 2 only once both have found none: the race is certain, not likely.
        using var bothFoundNone = new Barrier(2);
        KeyMaterial Create(int generation)
        {
            Assert.True(bothFoundNone.SignalAndWait(TimeSpan.FromSeconds(10)));
            return NewKey(KeyUses.Encryption, generation, Now);
        }

        var results = await Task.WhenAll(
            Task.Run(() => first.AddSuccessorAsync(KeyUses.Encryption, 1, Create, Cancel), Cancel),
            Task.Run(() => second.AddSuccessorAsync(KeyUses.Encryption, 1, Create, Cancel), Cancel));

        Assert.Equal(results[0].Key.KeyId, results[1].Key.KeyId);
        Assert.Equal(1, results.Count(r => r.Added));
        Assert.Equal([2, 1], (await first.GetAllAsync(KeyUses.Encryption, Cancel)).Select(k => k.Generation));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Compromise_OfAKey_MarksItOnce(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var (key, _) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g, Now), Cancel);

        var first = await store.CompromiseAsync(key.KeyId, Now, Cancel);
        var second = await store.CompromiseAsync(key.KeyId, Now.AddMinutes(1), Cancel);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(Now, (await store.FindAsync(key.KeyId, Cancel))!.CompromisedAt);
        Assert.False(await store.CompromiseAsync("sig-unknown", Now, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActivateBy_AnEarlierTime_BringsActivationForwardButNeverBack(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var (key, _) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g, Now), Cancel);

        var forward = await store.ActivateByAsync(key.KeyId, Now, Cancel);
        var back = await store.ActivateByAsync(key.KeyId, Now.AddHours(2), Cancel);

        Assert.True(forward);
        Assert.False(back);
        Assert.Equal(Now, (await store.FindAsync(key.KeyId, Cancel))!.ActivatesAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Archive_OfAKey_ErasesItsPrivateMaterialAndKeepsItsPublicJwk(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();
        var (key, _) = await store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g, Now), Cancel);

        var archived = await store.ArchiveAsync(key.KeyId, Now, Cancel);

        var stored = (await store.FindAsync(key.KeyId, Cancel))!;
        Assert.True(archived);
        Assert.Null(stored.ProtectedMaterial);
        Assert.Equal(key.PublicJwk, stored.PublicJwk);
        Assert.Equal(Now, stored.ArchivedAt);
        Assert.False(await store.ArchiveAsync(key.KeyId, Now, Cancel));
    }

    [Fact]
    public async Task AddSuccessor_WithUnknownUse_Throws()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, migrate: false);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => store.AddSuccessorAsync("signing", 0, g => NewKey("signing", g, Now), Cancel));

        Assert.Equal("A key's use is 'sig' or 'enc', not 'signing'. (Parameter 'use')", exception.Message);
    }

    [Fact]
    public async Task AddSuccessor_WhenTheFactoryMakesAnotherGeneration_Throws()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var store = database.BuildServices().GetRequiredService<IKeyMaterialStore>();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.AddSuccessorAsync(KeyUses.Signing, 0, g => NewKey(KeyUses.Signing, g + 1, Now), Cancel));

        Assert.Equal("Generation 1 was asked for, but the key factory made generation 2.", exception.Message);
    }

    private static KeyMaterial NewKey(string use, int generation, DateTimeOffset now) => new()
    {
        KeyId = Guid.NewGuid().ToString("N"),
        Use = use,
        Generation = generation,
        Algorithm = use == KeyUses.Signing ? "ES256" : "A256KW",
        ProtectedMaterial = "CfDJ8" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
        PublicJwk = use == KeyUses.Signing ? "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\"}" : null,
        CreatedAt = now,
        ActivatesAt = now.AddDays(1),
    };
}
