using System.Net;
using System.Text.Json;
using NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

namespace NetIdentity.DemoPlatform.IntegrationTests.Events;

/// <summary>
/// The forum's <c>backchannel_logout_uri</c> (OpenID Connect Back-Channel Logout 1.0 §2.5–2.8): a
/// valid logout token ends the session it names (or every session of its <c>sub</c>) and is
/// answered 200 with <c>Cache-Control: no-store</c>; anything else is refused with 400.
/// </summary>
public sealed class BackChannelLogoutReceiverTests(ForumFixture fixture) : IClassFixture<ForumFixture>
{
    private FakeBroker Broker => fixture.Broker;

    private DemoPlatformHost Forum => fixture.Forum;

    [Fact]
    public async Task Logout_NamingTheSessionsSid_Answers200AndEndsThatSession()
    {
        var (subject, sid) = (FakeBroker.NewJti(), FakeBroker.NewJti());
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = sid });
        using var other = new ForumBrowser(Forum);
        await other.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = FakeBroker.NewJti() });

        using var response = await PostAsync(Broker.LogoutToken(subject, sid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, await MeStatusAsync(browser));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(other));
    }

    [Fact]
    public async Task Logout_NamingOnlyTheSubject_EndsEverySessionOfThatPerson()
    {
        var subject = FakeBroker.NewJti();
        using var first = new ForumBrowser(Forum);
        await first.LoginAsync(Broker, subject, UserInfo(subject));
        using var second = new ForumBrowser(Forum);
        await second.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = FakeBroker.NewJti() });
        using var someoneElse = new ForumBrowser(Forum);
        var otherSubject = FakeBroker.NewJti();
        await someoneElse.LoginAsync(Broker, otherSubject, UserInfo(otherSubject));

        using var response = await PostAsync(Broker.LogoutToken(subject, sid: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await MeStatusAsync(first));
        Assert.Equal(HttpStatusCode.Redirect, await MeStatusAsync(second));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(someoneElse));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "nonce", "A logout token must not contain a nonce (§2.4)." },
        { "events", "The logout token needs the back-channel logout event (§2.4)." },
        { "jti", "The logout token needs a jti and an iat (§2.4)." },
        { "sub+sid", "The logout token needs a sub, a sid or both (§2.4)." },
        { "aud", "The logout token does not validate: SecurityTokenInvalidAudienceException" },
        { "exp", "The logout token does not validate: SecurityTokenNoExpirationException" },
        { "expired", "The logout token does not validate: SecurityTokenExpiredException" },
        { "typ", "The logout token does not validate: SecurityTokenInvalidTypeException" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Logout_WithATokenThatIsNotALogoutToken_IsRefusedWith400AndEndsNothing(string flaw, string description)
    {
        var (subject, sid) = (FakeBroker.NewJti(), FakeBroker.NewJti());
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = sid });
        var token = flaw switch
        {
            "typ" => Broker.LogoutToken(subject, sid, type: "JWT"),
            "sub+sid" => Broker.LogoutToken(null, null),
            _ => Broker.LogoutToken(subject, sid, claims =>
            {
                switch (flaw)
                {
                    case "nonce": claims["nonce"] = "n"; break;
                    case "aud": claims["aud"] = "another-platform"; break;
                    case "expired": claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(); claims["iat"] = DateTimeOffset.UtcNow.AddMinutes(-12).ToUnixTimeSeconds(); break;
                    default: claims.Remove(flaw); break;
                }
            }),
        };

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(description, body.RootElement.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(browser));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    public async Task Logout_WithAnotherAlgorithm_IsRefusedAndEndsNothing(string algorithm)
    {
        var (subject, sid) = (FakeBroker.NewJti(), FakeBroker.NewJti());
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = sid });

        using var response = await PostAsync(Forged.WithAlgorithm(Broker.LogoutToken(subject, sid), algorithm));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("The logout token does not validate: SecurityTokenInvalidSignatureException", body.RootElement.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(browser));
    }

    [Fact]
    public async Task Logout_Replayed_Answers200AgainWithoutActingTwice()
    {
        var (subject, sid) = (FakeBroker.NewJti(), FakeBroker.NewJti());
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, UserInfo(subject), new Dictionary<string, object> { ["sid"] = sid });
        var token = Broker.LogoutToken(subject, sid);
        var jti = JsonDocument.Parse(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token.Split('.')[1])).RootElement.GetProperty("jti").GetString()!;

        using var first = await PostAsync(token);
        using var replay = await PostAsync(token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Single(Forum.Logs, line => line.Contains($"Logout token {jti} handled", StringComparison.Ordinal));
        Assert.Single(Forum.Logs, line => line.Contains($"Security event {jti} was handled before", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_WithoutAForm_IsRefusedWith400()
    {
        using var response = await Forum.CreateClient().PostAsync(
            new Uri("/backchannel-logout", UriKind.Relative), new StringContent(Broker.LogoutToken("s", "x")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string token)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("logout_token", token)]);
        return await Forum.CreateClient().PostAsync(new Uri("/backchannel-logout", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> MeStatusAsync(ForumBrowser browser)
    {
        using var response = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static string UserInfo(string subject) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["sub"] = subject, ["netid_result"] = "pass", ["netid_verified_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
}
