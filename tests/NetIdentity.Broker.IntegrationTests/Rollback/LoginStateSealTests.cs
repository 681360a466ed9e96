using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Login;

namespace NetIdentity.Broker.IntegrationTests.Rollback;

/// <summary>
/// A login's row in <c>login_states</c> is sealed under a key derived from the browser's cookie
/// (<see cref="LoginStateSeal"/>), bound to its login, platform and version. Each test is what
/// someone who can read or write the database tries: read the row, put an earlier payload back,
/// move one login's payload under another's key.
/// </summary>
public sealed class LoginStateSealTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private static readonly Uri Broker = new("http://localhost/");

    [Fact]
    public async Task Row_WithAnEarlierPayloadPutBack_IsRefusedAsIfThereWereNone()
    {
        await using var broker = hosts.StartBroker();
        var (driver, _, login, first) = await StartLoginAsync(broker);
        Assert.NotEmpty(await driver.ChooseNetIdAsync(login));
        var moved = Assert.Single(await broker.LoginStatesAsync());
        Assert.True(moved.Version > first.Version);

        await PutRowAsync(broker, moved with { Payload = first.Payload });
        using var page = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/errors/NI1302", page.Headers.Location!.ToString());
    }

    /// <summary>
    /// The whole row put back from an earlier snapshot (version, state and payload together): the
    /// payload opens at the version it was sealed for, so only the cookie, which carries the last
    /// version this browser was told of, can tell. Until the cookie carried it this answered 200,
    /// the login rolled back to its first step.
    /// </summary>
    [Fact]
    public async Task Row_PutBackWholeFromAnEarlierSnapshot_IsRefusedAsIfThereWereNone()
    {
        await using var broker = hosts.StartBroker();
        var (driver, _, login, first) = await StartLoginAsync(broker);
        Assert.NotEmpty(await driver.ChooseNetIdAsync(login));
        var moved = Assert.Single(await broker.LoginStatesAsync());
        Assert.True(moved.Version > first.Version);

        await PutRowAsync(broker, first);
        Assert.Equal(first, Assert.Single(await broker.LoginStatesAsync()));
        using var page = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/errors/NI1302", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Write_TellsTheBrowserTheVersionItMovedTo()
    {
        await using var broker = hosts.StartBroker();
        var (driver, cookies, login, first) = await StartLoginAsync(broker);
        var reference = CookieOf(cookies, first.LoginId).Split('.')[0];
        Assert.Equal($"{reference}.{first.Version}", CookieOf(cookies, first.LoginId));

        Assert.NotEmpty(await driver.ChooseNetIdAsync(login));

        var moved = Assert.Single(await broker.LoginStatesAsync());
        Assert.True(moved.Version > first.Version);
        Assert.Equal($"{reference}.{moved.Version}", CookieOf(cookies, moved.LoginId));
    }

    /// <summary>
    /// The version in the cookie is a floor, not a match: a copy of the cookie from before the
    /// last write (another tab, a poll racing a click) still reads the login as it now stands.
    /// </summary>
    [Fact]
    public async Task Cookie_BehindTheRow_StillReadsTheLoginAsItNowStands()
    {
        await using var broker = hosts.StartBroker();
        var (driver, cookies, login, first) = await StartLoginAsync(broker);
        var older = CookieOf(cookies, first.LoginId);
        Assert.NotEmpty(await driver.ChooseNetIdAsync(login));
        using var current = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        SetCookie(cookies, first.LoginId, older);
        using var behind = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(current.StatusCode, behind.StatusCode);
        Assert.Equal(current.Headers.Location, behind.Headers.Location);
        Assert.NotEqual("/errors/NI1302", behind.Headers.Location?.ToString());
    }

    /// <summary>
    /// Anything but <c>{43-character reference}.{version ≥ 1}</c> is no login: the reference alone
    /// (as the cookie was until the version was added), an empty, zero, signed, spaced, non-digit
    /// or overlong version, a second separator. (Whitespace around a cookie's value is trimmed on
    /// the way, by the client or by ASP.NET Core, before the store sees it.)
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(".0")]
    [InlineData(".-1")]
    [InlineData(".+1")]
    [InlineData(". 1")]
    [InlineData(".1a")]
    [InlineData(".١")]
    [InlineData(".1.1")]
    [InlineData(".00000000000000000001")]
    [InlineData(".99999999999999999999")]
    public async Task Cookie_NotReferenceDotVersion_IsNoLogin(string suffix)
    {
        await using var broker = hosts.StartBroker();
        var (driver, cookies, login, row) = await StartLoginAsync(broker);
        var reference = CookieOf(cookies, row.LoginId).Split('.')[0];

        SetCookie(cookies, row.LoginId, reference + suffix);
        using var page = await driver.Browser.GetAsync(new Uri(login, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/errors/NI1302", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Row_HoldingAnotherLoginsPayload_IsRefusedAsIfThereWereNone()
    {
        await using var broker = hosts.StartBroker();
        var driver = new LoginDriver(broker.CreateBrowser(new CookieContainer()), hosts.Mock);
        var mine = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var other = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var rows = await broker.LoginStatesAsync();
        var mineRow = Assert.Single(rows, r => r.LoginId == LoginIdOf(mine));
        var otherRow = Assert.Single(rows, r => r.LoginId == LoginIdOf(other));
        using var before = await driver.Browser.GetAsync(new Uri(mine, UriKind.Relative), TestContext.Current.CancellationToken);

        await PutRowAsync(broker, mineRow with { Payload = otherRow.Payload });
        using var after = await driver.Browser.GetAsync(new Uri(mine, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("/errors/NI1302", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Row_HoldsNothingReadable_AndOpensOnlyWithTheKeyOfTheCookiesReference()
    {
        await using var broker = hosts.StartBroker();
        var (driver, cookies, login, row) = await StartLoginAsync(broker);
        var reference = CookieOf(cookies, row.LoginId).Split('.')[0];

        var sealedBytes = Base64Url.DecodeFromChars(row.Payload.AsSpan(LoginStateSeal.Prefix.Length));
        var opened = LoginStateSeal.Open(LoginStateSeal.KeyFor(reference), row.Payload, row.LoginId, row.ClientId, row.Version);

        Assert.StartsWith(LoginStateSeal.Prefix, row.Payload, StringComparison.Ordinal);
        foreach (var readable in new[] { row.LoginId, row.ClientId, row.State, "\"Id\"" })
        {
            Assert.DoesNotContain(readable, Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
        }

        Assert.NotNull(opened);
        Assert.Contains($"\"{row.LoginId}\"", Encoding.UTF8.GetString(opened), StringComparison.Ordinal);

        // What the database holds of the reference (its SHA-256, the row's key) is not the key; nor
        // is another reference's; nor does the row open as another version, login or platform.
        var keyFromRowKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Base64Url.DecodeFromChars(row.Key), 32, [], "NetIdentity.Broker.LoginState.v3"u8.ToArray());
        Assert.Null(LoginStateSeal.Open(keyFromRowKey, row.Payload, row.LoginId, row.ClientId, row.Version));
        Assert.Null(LoginStateSeal.Open(LoginStateSeal.KeyFor(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))), row.Payload, row.LoginId, row.ClientId, row.Version));
        Assert.Null(LoginStateSeal.Open(LoginStateSeal.KeyFor(reference), row.Payload, row.LoginId, row.ClientId, row.Version + 1));
        Assert.Null(LoginStateSeal.Open(LoginStateSeal.KeyFor(reference), row.Payload, LoginIdOf(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A))), row.ClientId, row.Version));
        Assert.Null(LoginStateSeal.Open(LoginStateSeal.KeyFor(reference), row.Payload, row.LoginId, TestPlatforms.B.ClientId, row.Version));
        Assert.StartsWith("/login/", login, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2.AAAA")]
    [InlineData("v3.not base64url!")]
    [InlineData("v3.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("CfDJ8")]
    public void Open_ADamagedOrForeignValue_GivesNothing(string payload)
    {
        var key = LoginStateSeal.KeyFor(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

        Assert.Null(LoginStateSeal.Open(key, payload, "AAAAAAAAAAAAAAAAAAAAAA", "platform-a", 1));
    }

    [Fact]
    public async Task Write_OfALoginThisRequestDidNotReadOrCreate_IsRefusedAndChangesNothing()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        var row = Assert.Single(await broker.LoginStatesAsync());
        await using var scope = broker.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<LoginTransactionStore>();
        var forged = new NetIdentity.Core.Login.LoginTransaction
        {
            Id = row.LoginId,
            ClientId = row.ClientId,
            ReturnUrl = "/connect/authorize",
            CreatedAt = DateTimeOffset.UtcNow,
            RequiredLevel = NetIdentity.Core.Verification.AssuranceLevel.Level1,
            RequiredMode = NetIdentity.Core.Verification.VerificationMode.R01,
            StoreKey = row.Key,
            Version = row.Version,
        };

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync(new DefaultHttpContext(), forged));

        Assert.Equal("A login can be written only in the request that read or created it: its sealing key comes from the browser's cookie.", refusal.Message);
        Assert.Equal(row, Assert.Single(await broker.LoginStatesAsync()));
    }

    private static string LoginIdOf(string loginPath) => loginPath.Split('/')[2];

    private static string CookieOf(CookieContainer cookies, string loginId) =>
        cookies.GetCookies(Broker)["netid.tx." + loginId]!.Value;

    private static void SetCookie(CookieContainer cookies, string loginId, string value) =>
        cookies.Add(new Cookie("netid.tx." + loginId, value, "/", Broker.Host));

    /// <summary>A login started in a new browser, its cookie set, its row as first stored.</summary>
    private async Task<(LoginDriver Driver, CookieContainer Cookies, string Login, LoginStateRow Row)> StartLoginAsync(BrokerHost broker)
    {
        var cookies = new CookieContainer();
        var driver = new LoginDriver(broker.CreateBrowser(cookies), hosts.Mock);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        return (driver, cookies, login, Assert.Single(await broker.LoginStatesAsync()));
    }

    /// <summary>What someone who can write the database does: the row's version, state and payload set to <paramref name="row"/>'s.</summary>
    private static async Task PutRowAsync(BrokerHost broker, LoginStateRow row)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = broker.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE login_states SET version = $version, state = $state, payload = $payload WHERE key = $key";
        command.Parameters.AddWithValue("$version", row.Version);
        command.Parameters.AddWithValue("$state", row.State);
        command.Parameters.AddWithValue("$payload", row.Payload);
        command.Parameters.AddWithValue("$key", row.Key);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }
}
