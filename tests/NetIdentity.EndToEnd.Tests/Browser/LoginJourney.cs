using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// One person at a fresh browser context, step by step through the forum's pages, the broker's
/// login, consent and guardian pages, and the mock's simulated app in a second tab. Each
/// <c>At…</c> step waits for its page, checks what the page must say, and screenshots it; the
/// other steps act on the page the person is on.
/// </summary>
internal sealed partial class LoginJourney : IAsyncDisposable
{
    /// <summary>How long a page may take to move on by itself (the QR page polls every 1.5 s).</summary>
    public const float MoveOnTimeoutMs = 30_000;

    private readonly SandboxFixture sandbox;
    private readonly IBrowserContext context;

    private LoginJourney(SandboxFixture sandbox, IBrowserContext context, IPage page)
    {
        this.sandbox = sandbox;
        this.context = context;
        Page = page;
        page.PageError += (_, error) => ScriptErrors.Add(error);
    }

    /// <summary>The person's tab.</summary>
    public IPage Page { get; }

    /// <summary>The matching number the QR page showed, by bizSeq (number matching, authority-contract §3 v2).</summary>
    public Dictionary<string, string> ShownMatchCodes { get; } = new(StringComparer.Ordinal);

    public Screenshots Shots { get; } = new();

    /// <summary>Uncaught script errors of the person's tab.</summary>
    public List<string> ScriptErrors { get; } = [];

    public static async Task<LoginJourney> OpenAsync(SandboxFixture sandbox, ChromiumFixture chromium)
    {
        var context = await (await chromium.RequireAsync()).NewContextAsync();
        return new LoginJourney(sandbox, context, await context.NewPageAsync());
    }

    /// <summary>Records each tab as the test left it (the page a failure happened on), then closes the browser context.</summary>
    public async ValueTask DisposeAsync()
    {
        await Shots.LeftAtAsync(context.Pages);
        await context.DisposeAsync();
    }

    /// <summary>The forum's home page and its login button, to the broker's method page; returns the login id.</summary>
    public async Task<string> OpenMethodPageFromForumAsync()
    {
        await Page.GotoAsync(sandbox.Platform.ToString());
        await Expect(Page.Locator("main [data-action=login]")).ToBeVisibleAsync();
        await Shots.TakeAsync(Page, "platform-home");

        await Page.Locator("main [data-action=login]").ClickAsync();
        return await AtMethodPageAsync("broker-method");
    }

    /// <summary>The broker's method page (Chinese by default); returns the login id.</summary>
    public async Task<string> AtMethodPageAsync(string shot)
    {
        await WaitForAsync(LoginPage(""), MoveOnTimeoutMs);
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("选择认证方式");
        await Expect(Page.Locator("[data-method=netid]")).ToContainTextAsync("使用国家网络身份认证App");
        await Expect(Page.Locator("[data-method=other]")).ToContainTextAsync("其他方式认证");
        await Shots.TakeAsync(Page, shot);
        return LoginId(Page.Url);
    }

    /// <summary>Chooses the national app; returns the bizSeq of the QR page.</summary>
    public async Task<string> ChooseNationalAppAsync()
    {
        await Page.Locator("button[data-method=netid]").ClickAsync();
        await WaitForAsync(LoginPage("/netid"));

        var qr = Page.Locator("#wait img.qr");
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        Assert.True(await qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, "The QR image did not render.");

        var bizSeq = await Page.Locator("#wait").GetAttributeAsync("data-biz-seq");
        Assert.Matches(BizSeqPattern(), bizSeq);
        await Expect(Page.Locator("[data-biz-seq-text]")).ToHaveTextAsync(bizSeq!);

        // The number the person will have to pick in the app, shown next to the QR code.
        var matchCode = Page.Locator("[data-match-code]");
        await Expect(matchCode).ToBeVisibleAsync();
        var shown = await matchCode.GetAttributeAsync("data-match-code");
        Assert.Matches("^[0-9]{2}$", shown);
        await Expect(matchCode).ToHaveTextAsync(shown!);
        ShownMatchCodes[bizSeq!] = shown!;
        await Shots.TakeAsync(Page, "broker-qr");
        return bizSeq!;
    }

    /// <summary>The simulated national app in a second tab, at the session the QR code names, naming a platform.</summary>
    public async Task<IPage> OpenSimulatedAppAsync(string bizSeq)
    {
        var app = await context.NewPageAsync();
        await app.GotoAsync(new Uri(sandbox.Mock, $"app/sessions/{bizSeq}").ToString());
        await Expect(app.Locator("h1")).ToContainTextAsync("认证请求");
        await Expect(app.Locator("table")).ToContainTextAsync(bizSeq);
        await Expect(app.Locator("#platform")).ToHaveTextAsync(new Regex(@"\S"));
        return app;
    }

    /// <summary>
    /// The simulated national app in a second tab, at the session the QR code names: picks
    /// <paramref name="persona"/>, picks the number the QR page showed, and presses 批准 Approve
    /// through the app's own form.
    /// </summary>
    public async Task<IPage> AnswerInSimulatedAppAsync(string bizSeq, string persona)
    {
        var app = await OpenSimulatedAppAsync(bizSeq);
        await Shots.TakeAsync(app, $"app-{persona}-before");

        await app.Locator("#persona").SelectOptionAsync(persona);
        await app.Locator($"[data-match-choice='{ShownMatchCodes[bizSeq]}']").CheckAsync();
        await app.GetByRole(AriaRole.Button, new() { Name = "批准 Approve" }).ClickAsync();
        await Expect(app.Locator("#result")).ToBeVisibleAsync();
        await Shots.TakeAsync(app, $"app-{persona}-after");
        return app;
    }

    /// <summary>
    /// From the method page: the national app, approved as <paramref name="persona"/> (who passes),
    /// then back to the person's tab, which moves on by itself. Returns the bizSeq.
    /// </summary>
    public async Task<string> VerifyWithNationalAppAsync(string persona)
    {
        var bizSeq = await ChooseNationalAppAsync();
        var app = await AnswerInSimulatedAppAsync(bizSeq, persona);
        await Expect(app.Locator("#result")).ToHaveTextAsync("pass");
        await app.CloseAsync();
        await Page.BringToFrontAsync();
        return bizSeq;
    }

    /// <summary>From the method page: the other way's form, filled in as <paramref name="persona"/> and sent.</summary>
    public async Task SubmitOtherWayFormAsync(PersonaIdentity persona, string? name = null)
    {
        await Page.Locator("a[data-method=other]").ClickAsync();
        await WaitForAsync(LoginPage("/other"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("其他方式认证");
        await Page.Locator("[name='Form.Name']").FillAsync(name ?? persona.Name);
        await Page.Locator("[name='Form.IdType']").SelectOptionAsync(persona.IdType);
        await Page.Locator("[name='Form.IdNumber']").FillAsync(persona.IdNumber);
        await Page.Locator("[name='Form.Phone']").FillAsync(persona.Phone);
        await Shots.TakeAsync(Page, "broker-other");
        await Page.Locator("[data-action=submit]").ClickAsync();
    }

    /// <summary>
    /// From the method page: the other way as <paramref name="persona"/>: the form, then the SMS
    /// code, read where the tester reads it (<c>GET /tester/otp/{phone}</c>).
    /// </summary>
    public async Task VerifyAnotherWayAsync(PersonaIdentity persona)
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await SubmitOtherWayFormAsync(persona);

        await WaitForAsync(LoginPage("/other/code"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("输入短信验证码");
        var code = await SmsCodeAsync(persona.Phone, before);
        await Page.Locator("input[name=code]").FillAsync(code);
        await Shots.TakeAsync(Page, "broker-other-code");
        await Page.Locator("[data-action=submit]").ClickAsync();
    }

    /// <summary>The face step of the other way: a small PNG as the photo.</summary>
    public async Task AtFaceStepAndSendPhotoAsync()
    {
        await WaitForAsync(LoginPage("/other/face"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("人脸核验");
        await Page.Locator("input[type=file][name=photo]").SetInputFilesAsync(new FilePayload
        {
            Name = "face.png",
            MimeType = "image/png",
            Buffer = Convert.FromBase64String(OnePixelPng),
        });
        await Shots.TakeAsync(Page, "broker-other-face");
        await Page.Locator("[data-action=submit]").ClickAsync();
    }

    /// <summary>The consent screen: netid.age and netid.masked, each named, nothing ticked in advance.</summary>
    public async Task AtConsentPageAsync()
    {
        await WaitForAsync(LoginPage("/consent"), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("是否向平台提供以下信息？");
        await ExpectConsentItemsAsync();
        await Shots.TakeAsync(Page, "broker-consent");
    }

    /// <summary>Ticks <paramref name="granted"/> and agrees; with none, presses 全部拒绝 Refuse all.</summary>
    public async Task DecideConsentAsync(params string[] granted)
    {
        foreach (var scope in granted)
        {
            await Page.Locator($"[data-consent-item='{scope}'] input[name=granted]").CheckAsync();
        }

        await Page.Locator(granted.Length > 0 ? "[data-action=agree]" : "[data-action=refuse]").ClickAsync();
    }

    public async Task ConsentAsync(params string[] granted)
    {
        await AtConsentPageAsync();
        await DecideConsentAsync(granted);
    }

    /// <summary>
    /// The separate consent screen (PIPL Art. 14, 29): on its own, naming each field, the
    /// recipient, the purpose, the legal basis and the retention, its tick not ticked.
    /// </summary>
    public async Task AtSeparateConsentPageAsync(bool byGuardian = false)
    {
        await WaitForAsync(LoginPage("/identity-consent"), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync(byGuardian ? "监护人单独同意：向平台提供孩子的身份信息" : "单独同意：向平台提供您的身份信息");
        var fields = Page.Locator("[data-separate-consent] [data-field]");
        await Expect(fields).ToHaveCountAsync(3);
        Assert.Equal(["name", "idType", "idNumber"], await AttributeValuesAsync(fields, "data-field"));
        await Expect(Page.Locator("[data-recipient]")).ToContainTextAsync("演示论坛");
        await Expect(Page.Locator("[data-recipient]")).ToContainTextAsync(SandboxFixture.ClientId);
        await Expect(Page.Locator("[data-purpose]")).ToContainTextAsync("论坛实名注册");
        await Expect(Page.Locator("[data-legal-basis]")).ToContainTextAsync("网络安全法》第二十四条");
        await Expect(Page.Locator("[data-retention]")).ToContainTextAsync("账号存续期间");
        await Expect(Page.Locator("[data-separate-tick]")).Not.ToBeCheckedAsync();
        await Expect(Page.Locator("[data-consent-item]")).ToHaveCountAsync(0);
        await Shots.TakeAsync(Page, "broker-identity-consent");
    }

    /// <summary>Ticks the separate consent and agrees, or refuses.</summary>
    public async Task DecideSeparateConsentAsync(bool agree)
    {
        if (agree)
        {
            await Page.Locator("[data-separate-tick]").CheckAsync();
        }

        await Page.Locator(agree ? "[data-action=agree]" : "[data-action=refuse]").ClickAsync();
    }

    public async Task SeparateConsentAsync(bool agree, bool byGuardian = false)
    {
        await AtSeparateConsentPageAsync(byGuardian);
        await DecideSeparateConsentAsync(agree);
    }

    /// <summary>
    /// "A guardian's consent is needed", then 监护人开始验证: the guardian's own login starts at the
    /// method page, marked as a guardian verification. Returns the guardian's login id.
    /// </summary>
    public async Task<string> HandToGuardianAsync()
    {
        await WaitForAsync(LoginPage("/guardian"), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("需要监护人同意");
        await Expect(Page.Locator("[data-guardian-needed]")).ToContainTextAsync("未满14周岁");
        await Shots.TakeAsync(Page, "broker-guardian-needed");

        var child = LoginId(Page.Url);
        await Page.Locator("[data-action=guardian-start]").ClickAsync();
        await WaitForAsync(LoginPage(""));
        await Expect(Page.Locator("[data-guardian-verification]")).ToContainTextAsync("监护人验证");
        var guardian = await AtMethodPageAsync("broker-method-guardian");
        Assert.NotEqual(child, guardian);
        return guardian;
    }

    /// <summary>The guardian consent screen, once the authority confirmed the guardianship.</summary>
    public async Task AtGuardianConsentPageAsync()
    {
        await WaitForAsync(LoginPage("/guardian-consent"), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("监护人同意");
        await Expect(Page.Locator("[data-guardian-confirmed]")).ToContainTextAsync("监护关系已核验");
        await ExpectConsentItemsAsync();
        await Shots.TakeAsync(Page, "broker-guardian-consent");
    }

    /// <summary>The guardian agrees, with <paramref name="granted"/> ticked, or refuses.</summary>
    public async Task DecideGuardianConsentAsync(bool agree, params string[] granted)
    {
        foreach (var scope in granted)
        {
            await Page.Locator($"[data-consent-item='{scope}'] input[name=granted]").CheckAsync();
        }

        await Page.Locator(agree ? "[data-action=agree]" : "[data-action=refuse]").ClickAsync();
    }

    /// <summary>Back at the forum's <c>/me</c>.</summary>
    public async Task<ForumMe> AtForumMeAsync()
    {
        await WaitForAsync(new Uri(sandbox.Platform, "me").ToString(), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToContainTextAsync("本论坛收到了什么");
        await Shots.TakeAsync(Page, "platform-me");
        return new ForumMe(Page);
    }

    /// <summary>The broker's failure page for <paramref name="code"/>, in plain words.</summary>
    public async Task AtFailedPageAsync(string code, string words)
    {
        await WaitForAsync(LoginPage("/failed"), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("认证未完成");
        await Expect(Page.Locator(".error[data-error-code]")).ToHaveAttributeAsync("data-error-code", code);
        await Expect(Page.Locator(".error strong")).ToHaveTextAsync(words);
        await Shots.TakeAsync(Page, "broker-failed");
    }

    /// <summary>"Return to the forum": the forum receives the OAuth error and says so, with the NetIdentity code.</summary>
    public async Task ReturnToForumWithErrorAsync(string code)
    {
        await Page.Locator("[data-action=return]").ClickAsync();
        await WaitForAsync(new Regex("^" + Regex.Escape(new Uri(sandbox.Platform, "login-failed").ToString()) + @"\?"));
        await Expect(Page.Locator("[data-error-code]")).ToHaveTextAsync("access_denied");
        await Expect(Page.Locator("[data-error-description]")).ToContainTextAsync(code);
        await Expect(Page.Locator($"[data-error-link={code}]")).ToBeVisibleAsync();
        await Shots.TakeAsync(Page, "platform-login-failed");
    }

    /// <summary>
    /// The broker's "my authorizations", signed in to as <paramref name="persona"/> through the
    /// same method and QR pages and the simulated app.
    /// </summary>
    public async Task SignInToMyAuthorizationsAsync(string persona)
    {
        await Page.GotoAsync(new Uri(sandbox.Broker, "my").ToString());
        await AtMethodPageAsync("broker-my-method");
        await VerifyWithNationalAppAsync(persona);
        await WaitForAsync(new Uri(sandbox.Broker, "my").ToString(), MoveOnTimeoutMs);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("我的授权");
        await Shots.TakeAsync(Page, "broker-my");
    }

    /// <summary>
    /// Waits until the person's tab is at <paramref name="url"/>; if it is not within
    /// <paramref name="timeoutMs"/>, says where it is instead (URL, heading, error code) and
    /// screenshots that page.
    /// </summary>
    private async Task WaitForAsync(Regex url, float timeoutMs = 15_000)
    {
        try
        {
            // Polls the tab's URL rather than waiting for a navigation event: WaitForURLAsync reads
            // the URL, then listens for the next navigation, and missed one that committed in
            // between (seen once in CI on a loaded machine: the tab at the method page, the wait
            // timing out after "NetworkIdle"). What the page shows is asserted next, with waits.
            await Expect(Page).ToHaveURLAsync(url, new() { Timeout = timeoutMs });
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
        {
            var heading = await Page.Locator("h1").AllInnerTextsAsync();
            var errors = await Page.Locator("[data-error-code]").EvaluateAllAsync<string[]>("elements => elements.map(e => e.getAttribute('data-error-code') || e.textContent)");
            await Shots.TakeAsync(Page, "timed-out-here");
            throw new TimeoutException(
                $"Waited {timeoutMs / 1000:0} s for a page matching {url}; the tab is at {Page.Url} "
                + $"(h1: {string.Join(" / ", heading)}; error codes: {string.Join(", ", errors)}).\n--- sandbox output (last lines) ---\n{Tail(sandbox.Output)}",
                exception);
        }
    }

    /// <summary>Waits, as the steps do, until the person's tab is at the login page <c>/login/{id}<paramref name="suffix"/></c>.</summary>
    public Task WaitForLoginPageAsync(string suffix) => WaitForAsync(LoginPage(suffix));

    private Task WaitForAsync(string url, float timeoutMs) => WaitForAsync(new Regex("^" + Regex.Escape(url) + "$"), timeoutMs);

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));

    /// <summary>The last SMS code the mock sent to <paramref name="phone"/>, sent after <paramref name="since"/>.</summary>
    private async Task<string> SmsCodeAsync(string phone, DateTimeOffset since)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var sent = await http.GetFromJsonAsync<SentCode>(new Uri(sandbox.Mock, $"tester/otp/{phone}"), TestContext.Current.CancellationToken);
        Assert.NotNull(sent);
        Assert.True(sent.SentAt >= since, $"The last code to {phone} was sent at {sent.SentAt:O}, before this login's form ({since:O}).");
        Assert.Matches("^[0-9]{6}$", sent.Code);
        return sent.Code;
    }

    private async Task ExpectConsentItemsAsync()
    {
        var items = Page.Locator("[data-consent-item]");
        await Expect(items).ToHaveCountAsync(2);
        Assert.Equal(["netid.age", "netid.masked"], await AttributeValuesAsync(items, "data-consent-item"));

        // Nothing ticked in advance (PIPL Art. 14: consent is an act, not a default); plaintext is not on this screen.
        await Expect(Page.Locator("[data-consent-item] input[name=granted]:checked")).ToHaveCountAsync(0);
        await Expect(Page.Locator("[data-separate-tick]")).ToHaveCountAsync(0);
    }

    private static async Task<List<string>> AttributeValuesAsync(ILocator locator, string attribute) =>
        [.. (await locator.EvaluateAllAsync<string[]>($"elements => elements.map(e => e.getAttribute('{attribute}'))"))];

    /// <summary>The broker's login page <c>/login/{id}{suffix}</c>.</summary>
    private Regex LoginPage(string suffix) =>
        new("^" + Regex.Escape(sandbox.Broker.ToString()) + "login/[A-Za-z0-9_-]{22}" + Regex.Escape(suffix) + "$");

    private static string LoginId(string url) => LoginIdPattern().Match(url).Groups[1].Value;

    /// <summary>A 1×1 PNG: the mock checks that the face sample is there, not what it shows.</summary>
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    [GeneratedRegex("^[A-Za-z0-9]{32}$")]
    private static partial Regex BizSeqPattern();

    [GeneratedRegex("/login/([A-Za-z0-9_-]{22})")]
    private static partial Regex LoginIdPattern();

    private sealed record SentCode(string Phone, string Code, DateTimeOffset SentAt);
}
