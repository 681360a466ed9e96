using System.Net;
using System.Net.Http.Headers;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>
/// Token keys change without breaking what they signed (issue 9 §2; docs/architecture.md, "Key
/// rotation"): the next key is in the JWKS before it signs, the old key stays until what it
/// signed has expired, an operator can rotate now and retire a compromised key at once, and
/// instances on one database agree without a restart. Each test runs on SQLite and PostgreSQL.
/// </summary>
public sealed class KeyRotationTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string WithRefresh = "openid netid offline_access";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Providers => KeyDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rotate_OfTheSigningKey_PublishesTheNextKeyBeforeItSigns(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var old = await broker.ActiveKidAsync(KeyEndpoints.Signing);

        var next = await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);

        Assert.Equal(KeyState.Next, next.State);
        Assert.Equal(next.CreatedAt + KeyDatabase.PublishAhead, next.ActivatesAt, TimeSpan.FromSeconds(1));
        Assert.Equal([old, next.KeyId], await broker.JwksKidsAsync());
        Assert.Equal(old, KeyEndpoints.Kid((await LoginAsync(broker, TestPlatforms.A)).IdToken!));

        clock.Advance(KeyDatabase.PublishAhead);

        Assert.Equal(next.KeyId, KeyEndpoints.Kid((await LoginAsync(broker, TestPlatforms.A)).IdToken!));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IdToken_SignedBeforeARotation_StillValidatesAgainstTheJwksAfterIt(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var request = new AuthorizationRequest(TestPlatforms.B);
        var driver = hosts.NewDriver(broker);
        var before = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        var next = await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);
        clock.Advance(KeyDatabase.PublishAhead);
        await broker.MaintainAsync();

        var after = await LoginAsync(broker, TestPlatforms.B);

        Assert.Equal(next.KeyId, KeyEndpoints.Kid(after.IdToken!));
        Assert.NotEqual(next.KeyId, KeyEndpoints.Kid(before.IdToken!));
        Assert.Contains(KeyEndpoints.Kid(before.IdToken!), await broker.JwksKidsAsync());
        var validated = await IdTokens.ValidateAsync(broker.CreateBrowser(), before.IdToken!, TestPlatforms.B.ClientId, request.Nonce);
        Assert.Equal("pass", validated.GetPayloadValue<string>("netid_result"));
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(broker, before.AccessToken!)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshToken_EncryptedWithTheOldKey_WorksAfterTheEncryptionKeyRotated(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var old = await broker.ActiveKidAsync(KeyEndpoints.Encryption);
        var first = await LoginAsync(broker, TestPlatforms.A, WithRefresh);
        var next = await broker.Operations().RotateAsync(KeyEndpoints.Encryption, Ct);
        clock.Advance(KeyDatabase.PublishAhead);
        await broker.MaintainAsync();

        var refreshed = await hosts.NewDriver(broker).RefreshAsync(TestPlatforms.A, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(old, KeyEndpoints.Kid(first.RefreshToken!));
        Assert.Equal(next.KeyId, KeyEndpoints.Kid(refreshed.RefreshToken!));
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(broker, refreshed.AccessToken!)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retire_OfACompromisedSigningKey_RemovesItFromJwksAndRefusesWhatItSigned(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var compromised = await broker.ActiveKidAsync(KeyEndpoints.Signing);
        var before = await LoginAsync(broker, TestPlatforms.A, WithRefresh);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(broker, before.AccessToken!)).StatusCode);

        var outcome = await broker.Operations().RetireCompromisedAsync(compromised, Ct);

        Assert.Equal(RetireOutcome.Retired, outcome);
        Assert.DoesNotContain(compromised, await broker.JwksKidsAsync());
        var userInfo = await UserInfoAsync(broker, before.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        Assert.Contains("invalid_token", userInfo.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var refresh = await hosts.NewDriver(broker).RefreshAsync(TestPlatforms.A, before.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refresh.Status, refresh.Error));
        var after = await LoginAsync(broker, TestPlatforms.A);
        Assert.NotEqual(compromised, KeyEndpoints.Kid(after.IdToken!));
        var archived = (await broker.ArchiveAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == compromised);
        Assert.Equal("compromised", archived.GetProperty("netid_status").GetString());
        Assert.True(archived.TryGetProperty("netid_compromised_at", out _));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rotate_OnOneOfTwoInstances_IsFollowedByTheOtherWithoutARestart(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var first = database.Start(hosts.Mock.Address, clock);
        await using var second = database.Start(hosts.Mock.Address, clock);
        Assert.Equal(await first.JwksKidsAsync(), await second.JwksKidsAsync());

        var next = await first.Operations().RotateAsync(KeyEndpoints.Signing, Ct);

        // The second instance learns it from its own periodic re-read (every second here).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(await second.JwksKidsAsync()).Contains(next.KeyId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.Equal(await first.JwksKidsAsync(), await second.JwksKidsAsync());
        Assert.Contains(next.KeyId, await second.JwksKidsAsync());
        clock.Advance(KeyDatabase.PublishAhead);
        Assert.Equal(next.KeyId, KeyEndpoints.Kid((await LoginAsync(first, TestPlatforms.A)).IdToken!));
        Assert.Equal(next.KeyId, KeyEndpoints.Kid((await LoginAsync(second, TestPlatforms.A)).IdToken!));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retire_OnOneOfTwoInstances_RemovesTheKeyFromTheOthersJwksWithinItsRefreshInterval(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var first = database.Start(hosts.Mock.Address, clock);
        await using var second = database.Start(hosts.Mock.Address, clock);
        var compromised = await first.ActiveKidAsync(KeyEndpoints.Signing);
        var before = await LoginAsync(second, TestPlatforms.A);

        await first.Operations().RetireCompromisedAsync(compromised, Ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await second.JwksKidsAsync()).Contains(compromised) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.DoesNotContain(compromised, await second.JwksKidsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(second, before.AccessToken!)).StatusCode);
        Assert.NotEqual(compromised, KeyEndpoints.Kid((await LoginAsync(second, TestPlatforms.A)).IdToken!));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Schedule_WhenTheActiveKeyIsDue_PublishesItsSuccessorAhead(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock, new Dictionary<string, string?> { ["Broker:Keys:RotateEvery"] = "00:10:00" });
        var old = await broker.ActiveKidAsync(KeyEndpoints.Signing);
        await broker.MaintainAsync();
        Assert.Equal([old], await broker.JwksKidsAsync());

        clock.Advance(TimeSpan.FromMinutes(10) - KeyDatabase.PublishAhead);
        await broker.MaintainAsync();

        var keys = await broker.Operations().ListAsync(Ct);
        var next = keys.Single(k => k.Use == KeyEndpoints.Signing && k.State == KeyState.Next);
        var active = keys.Single(k => k.KeyId == old);
        // On schedule (the pass came on time), never published for less than PublishAhead.
        Assert.InRange(next.ActivatesAt, active.ActivatesAt + TimeSpan.FromMinutes(10), active.ActivatesAt + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        Assert.True(next.ActivatesAt >= next.CreatedAt + KeyDatabase.PublishAhead);
        Assert.Equal([old, next.KeyId], await broker.JwksKidsAsync());
        Assert.Single(keys, k => k.Use == KeyEndpoints.Encryption && k.State == KeyState.Next);
    }

    private async Task<TokenResponse> LoginAsync(BrokerHost broker, TestPlatform platform, string scope = "openid netid")
    {
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(platform) { Scope = scope };
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    private static async Task<HttpResponseMessage> UserInfoAsync(BrokerHost broker, string accessToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await broker.CreateBrowser().SendAsync(message, Ct);
    }
}
