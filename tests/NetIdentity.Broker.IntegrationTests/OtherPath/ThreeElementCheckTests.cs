using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// The attack of issue 8 §1, through the real broker and the real mock: someone who knows a
/// person's name and ID number (widely leaked) types them with a phone of their own. The
/// real-name check is three elements (authority-contract §7 v2): the phone must be registered to
/// that same person, so the attacker gets NI1402, no code is sent to their phone (or anywhere),
/// and the login stays on the form. The SMS code itself is bound to its login, single use,
/// expires, and allows five tries (NI1403, NI1404, NI1405, NI1103).
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed partial class ThreeElementCheckTests(OtherPathFixture fixture)
{
    /// <summary>A number registered to no persona: the attacker's own phone.</summary>
    private const string AttackersPhone = "13999999999";

    [Fact]
    public async Task Submit_KnownNameAndNumberWithTheAttackersPhone_ShowsNI1402AndSendsNoCode()
    {
        var driver = fixture.NewDriver();
        var victim = OtherPathPersonas.Adult;
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        var victimsPhoneBefore = await driver.LastSentAsync(victim.Phone);

        var answer = await driver.SubmitAsync(login, victim.Name, victim.IdNumber, AttackersPhone);

        await AssertRefusedWithoutACodeAsync(driver, login, answer);
        Assert.Null(await driver.LastSentAsync(AttackersPhone));
        Assert.Equal(victimsPhoneBefore, await driver.LastSentAsync(victim.Phone));
    }

    // other-borrowed-phone types 13800000019, registered to other-guardian (docs/mock-authority.md);
    // other-unregistered-phone types 13800000020, registered to nobody.
    [Theory]
    [InlineData("other-borrowed-phone")]
    [InlineData("other-unregistered-phone")]
    public async Task Submit_PhoneNotRegisteredToThePerson_ShowsNI1402AndSendsNoCode(string personaId)
    {
        var driver = fixture.NewDriver();
        var person = OtherPathPersonas.Get(personaId);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        var before = await driver.LastSentAsync(person.Phone);

        var answer = await driver.SubmitAsync(login, person);

        await AssertRefusedWithoutACodeAsync(driver, login, answer);
        Assert.Equal(before, await driver.LastSentAsync(person.Phone));
    }

    // The phone is a real, registered number, but registered to another person: still refused.
    [Fact]
    public async Task Submit_KnownNameAndNumberWithAnotherPersonsRegisteredPhone_ShowsNI1402AndSendsNoCode()
    {
        var driver = fixture.NewDriver();
        var victim = OtherPathPersonas.Adult;
        var accomplice = OtherPathPersonas.Minor;
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        var before = await driver.LastSentAsync(accomplice.Phone);

        var answer = await driver.SubmitAsync(login, victim.Name, victim.IdNumber, accomplice.Phone);

        await AssertRefusedWithoutACodeAsync(driver, login, answer);
        Assert.Equal(before, await driver.LastSentAsync(accomplice.Phone));
    }

    [Fact]
    public async Task Submit_WrongPhone_SaysNothingAboutWhichElementWasWrong()
    {
        var driver = fixture.NewDriver();
        var victim = OtherPathPersonas.Adult;
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var answer = await driver.SubmitAsync(login, victim.Name, victim.IdNumber, AttackersPhone, lang: "en");

        Assert.Equal("NI1402", answer.ErrorCode);
        Assert.DoesNotContain("phone is wrong", answer.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not registered", answer.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("name and ID number match", answer.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Code_RightCodeAfterFiveWrong_LoginHasEndedWithNI1404()
    {
        var driver = fixture.NewDriver();
        var person = OtherPathPersonas.Adult;
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, person)).Status);
        var code = await driver.ReadCodeAsync(person.Phone);
        var codePage = await driver.Browser.GetStringAsync(new Uri(login + "/other/code", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = AntiforgeryToken().Match(codePage).Groups[1].Value;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await driver.SubmitCodeAsync(login, OtherPathDriver.WrongCode(code));
        }

        // The code page is gone once the login ended, so the right code is posted as a script would.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["code"] = code });
        using var right = await driver.Browser.PostAsync(new Uri(login + "/other/code", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(login + "/failed", right.Headers.Location!.ToString());
        ProtocolAssert.LoginError(await driver.Login.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1404");
    }

    // A code is bound to its verification, and so to its login: the code that logged a person in
    // once does not log anyone in again, even the same person on the same phone.
    [Fact]
    public async Task Code_FromAnEarlierLoginOfTheSamePerson_IsRefusedWithNI1403()
    {
        var driver = fixture.NewDriver();
        var person = OtherPathPersonas.Adult;
        var first = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        await driver.SubmitAsync(first, person);
        var used = await driver.ReadCodeAsync(person.Phone);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitCodeAsync(first, used)).Status);
        var second = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(second, person)).Status);
        Assert.SkipWhen(await driver.ReadCodeAsync(person.Phone) == used, "The two random codes happen to be equal (one in a million).");

        var answer = await driver.SubmitCodeAsync(second, used);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("NI1403", answer.ErrorCode);
        Assert.Equal(4, answer.AttemptsLeft);
    }

    // The login cookie from before the code was used, replayed with the same code: the authority
    // answers A0409004 (the verification took its code already) and the login ends with NI1103.
    [Fact]
    public async Task Code_PostedAgainFromAnEarlierCookie_IsNotSubmittedAgain()
    {
        var cookies = new CookieContainer();
        var driver = new OtherPathDriver(fixture.Broker.CreateBrowser(cookies), fixture.Mock);
        var person = OtherPathPersonas.Adult;
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, person)).Status);
        var codePage = await driver.Browser.GetStringAsync(new Uri(login + "/other/code", UriKind.Relative), TestContext.Current.CancellationToken);
        var before = Copy(cookies);
        var code = await driver.ReadCodeAsync(person.Phone);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitCodeAsync(login, code)).Status);
        var logged = (await fixture.Broker.AuthenticationLogAsync()).Count;
        using var replay = fixture.Broker.CreateBrowser(before);

        // The login lives on the server: the earlier cookie names the same login, which has moved on.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LoginDriver.Antiforgery(codePage),
            ["code"] = code,
        });
        using var answer = await replay.PostAsync(new Uri(login + "/other/code", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/connect/authorize?", answer.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(logged, (await fixture.Broker.AuthenticationLogAsync()).Count);
    }

    // Moving the clocks cannot be undone, so this test runs its own mock and broker.
    [Fact]
    public async Task Code_MoreThan300sAfterTheCheck_EndsTheLoginWithNI1405()
    {
        await using var mock = await Infrastructure.MockAuthority.StartAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = new BrokerHost(mock.Address, services: services => services.AddSingleton<TimeProvider>(clock));
        var driver = new OtherPathDriver(broker.CreateBrowser(), mock);
        var person = OtherPathPersonas.Adult;
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, person)).Status);
        var code = await driver.ReadCodeAsync(person.Phone);
        mock.Clock.Advance(TimeSpan.FromSeconds(301));
        clock.Advance(TimeSpan.FromSeconds(301));

        var answer = await driver.SubmitCodeAsync(login, code);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal(login + "/failed", answer.Location);
        ProtocolAssert.LoginError(await driver.Login.ReturnFromFailedPageAsync(login), request, "access_denied", "NI1405");
    }

    /// <summary>
    /// NI1402 on the form, and the login did not move on: no code page, no verification to put a
    /// code to, and the attempt logged on the <c>document</c> path without a subject.
    /// </summary>
    private async Task AssertRefusedWithoutACodeAsync(OtherPathDriver driver, string login, BrokerAnswer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("NI1402", answer.ErrorCode);
        Assert.Contains("name=\"Form.IdNumber\"", answer.Body, StringComparison.Ordinal);
        var codePage = await driver.FollowAsync(login + "/other/code");
        Assert.DoesNotContain("name=\"code\"", codePage.Body, StringComparison.Ordinal);
        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal(("NI1402", "document"), (row.ResultCode, row.Path));
        Assert.Null(row.Subject);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static CookieContainer Copy(CookieContainer cookies)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetAllCookies())
        {
            copy.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        return copy;
    }
}
