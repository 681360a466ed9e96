using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Login;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// The shared login store (issue 8 §5): a login moves only forward, by compare-and-set from the
/// version it was read at, on SQLite and PostgreSQL alike. Tests keep apart by their own keys.
/// </summary>
public sealed class LoginStatesTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_CreatedLogin_ReturnsItAsStored(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();

        Assert.True(await states.CreateAsync(login, Cancel));
        var found = await states.FindAsync(login.Key, Noon, Cancel);

        Assert.Equal(login, found);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_WithATakenKey_ReturnsFalseAndKeepsTheFirst(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var second = await states.CreateAsync(login with { Payload = "other" }, Cancel);

        Assert.False(second);
        Assert.Equal(login.Payload, (await states.FindAsync(login.Key, Noon, Cancel))!.Payload);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replace_FromTheVersionRead_AppliesAndMovesTheVersionOn(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var replaced = await states.TryReplaceAsync(login.Key, login.Version, "Verified", "next", Cancel);

        Assert.True(replaced);
        var found = await states.FindAsync(login.Key, Noon, Cancel);
        Assert.Equal(("Verified", "next", login.Version + 1), (found!.State, found.Payload, found.Version));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replace_FromAStaleVersion_ChangesNothing(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);
        await states.TryReplaceAsync(login.Key, login.Version, "Failed", "refused", Cancel);

        // An older copy of the login (a replayed cookie, a second tab) tries to move it on.
        var stale = await states.TryReplaceAsync(login.Key, login.Version, "Verified", "agreed", Cancel);

        Assert.False(stale);
        Assert.Equal("refused", (await states.FindAsync(login.Key, Noon, Cancel))!.Payload);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replace_WhenManyRaceFromOneVersion_LetsExactlyOneApply(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => states.TryReplaceAsync(login.Key, login.Version, "Verified", $"racer-{i}", Cancel)));

        Assert.Single(results, applied => applied);
        Assert.Equal(login.Version + 1, (await states.FindAsync(login.Key, Noon, Cancel))!.Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_AtExpiry_ReturnsNullAndThePurgeErasesIt(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var atExpiry = await states.FindAsync(login.Key, login.ExpiresAt, Cancel);
        var purged = await states.PurgeExpiredAsync(login.ExpiresAt, Cancel);

        Assert.Null(atExpiry);
        Assert.True(purged >= 1);
        Assert.Null(await states.FindAsync(login.Key, Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Delete_ThenReplace_FindsNothingToReplace(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        await states.DeleteAsync(login.Key, Cancel);
        var replaced = await states.TryReplaceAsync(login.Key, login.Version, "Verified", "late", Cancel);

        Assert.False(replaced);
        Assert.Null(await states.FindAsync(login.Key, Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryDelete_FromTheVersionRead_RemovesTheLogin(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var claimed = await states.TryDeleteAsync(login.Key, login.Version, Cancel);

        Assert.True(claimed);
        Assert.Null(await states.FindAsync(login.Key, Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryDelete_FromAStaleVersion_KeepsTheLoginAsItStands(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);
        await states.TryReplaceAsync(login.Key, login.Version, "Failed", "refused", Cancel);

        // An older copy of the login (a replayed cookie from before the refusal) tries to finish it.
        var stale = await states.TryDeleteAsync(login.Key, login.Version, Cancel);

        Assert.False(stale);
        var found = await states.FindAsync(login.Key, Noon, Cancel);
        Assert.Equal(("Failed", "refused", login.Version + 1), (found!.State, found.Payload, found.Version));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryDelete_WhenManyRaceFromOneVersion_LetsExactlyOneClaimIt(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => states.TryDeleteAsync(login.Key, login.Version, Cancel)));

        Assert.Single(results, claimed => claimed);
        Assert.Null(await states.FindAsync(login.Key, Noon, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryDelete_WhenTheLoginIsGoneOrTheKeyUnknown_ReturnsFalse(string provider)
    {
        var states = await StatesAsync(provider);
        var login = NewLogin();
        await states.CreateAsync(login, Cancel);
        await states.DeleteAsync(login.Key, Cancel);

        Assert.False(await states.TryDeleteAsync(login.Key, login.Version, Cancel));
        Assert.False(await states.TryDeleteAsync(new string('k', 44), 1, Cancel));
    }

    [Fact]
    public async Task Create_WithAKeyLongerThanTheColumn_IsRefusedWithAClearMessage()
    {
        var states = await StatesAsync(TestDatabase.Sqlite);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => states.CreateAsync(NewLogin() with { Key = new string('k', 44) }, Cancel));

        Assert.Contains("Key", error.Message, StringComparison.Ordinal);
    }

    private static StoredLogin NewLogin() => new()
    {
        Key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
        LoginId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
        ClientId = "platform-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)),
        Version = 1,
        State = "Choosing",
        Payload = "protected-payload",
        CreatedAt = Noon.AddMinutes(-1),
        ExpiresAt = Noon.AddMinutes(9),
    };

    private async Task<ILoginStates> StatesAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<ILoginStates>();
}
