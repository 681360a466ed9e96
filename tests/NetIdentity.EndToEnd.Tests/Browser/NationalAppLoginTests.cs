using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// A person logging in to the demo forum with the national app, in a real browser: the forum's
/// button, the broker's method and QR pages (with their script), the mock's simulated app in a
/// second tab, and back to the forum. Every page visited is screenshotted.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed partial class NationalAppLoginTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    /// <summary>How long the waiting page may take to notice the answer (it polls every 1.5 s).</summary>
    private const float MoveOnTimeoutMs = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_ApprovedAsAdultInTheSimulatedApp_EndsOnMeWithTheResultOnly()
    {
        sandbox.WriteDatabaseNote();
        var adult = await PersonaIdentity.FetchAsync(sandbox.Mock, "adult", Ct);
        await using var context = await (await chromium.RequireAsync()).NewContextAsync();
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        var shots = new Screenshots();

        var bizSeq = await OpenQrPageAsync(page, shots);
        var app = await AnswerInSimulatedAppAsync(context, bizSeq, "adult", shots);
        await Expect(app.Locator("#result")).ToHaveTextAsync("pass");
        await Expect(app.Locator("#result-code")).ToHaveTextAsync("C0000000");

        // Back in the first tab: the waiting page moves on by itself (netid-wait.js polling).
        await page.BringToFrontAsync();
        await page.WaitForURLAsync(new Uri(sandbox.Platform, "me").ToString(), new() { Timeout = MoveOnTimeoutMs });
        await Expect(page.Locator("h1")).ToContainTextAsync("本论坛收到了什么");
        await shots.TakeAsync(page, "platform-me");

        var idToken = page.Locator("table[data-claims=id_token]");
        await Expect(idToken.Locator("tr[data-claim=sub]")).ToHaveCountAsync(1);
        await Expect(idToken.Locator("tr[data-claim=acr] td.value code")).ToHaveTextAsync("urn:netidentity:acr:level1");
        await Expect(idToken.Locator("tr[data-claim=netid_result] td.value code")).ToHaveTextAsync("pass");
        await Expect(page.Locator("table[data-claims=userinfo] tr[data-claim=netid_result] td.value code")).ToHaveTextAsync("pass");
        await Expect(page.Locator("[data-summary=verified]")).ToHaveTextAsync("通过 Passed");
        await Expect(page.Locator("[data-not-received-item].unexpected")).ToHaveCountAsync(0);

        var html = await page.ContentAsync();
        var text = await page.Locator("body").InnerTextAsync();
        Assert.All(adult.PlaintextValues, value =>
        {
            Assert.DoesNotContain(value, html, StringComparison.Ordinal);
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        });
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task Login_CancelledCredential_ShowsPlainWordsThenPlatformGetsAccessDenied()
    {
        sandbox.WriteDatabaseNote();
        await using var context = await (await chromium.RequireAsync()).NewContextAsync();
        var page = await context.NewPageAsync();
        var shots = new Screenshots();

        var bizSeq = await OpenQrPageAsync(page, shots);
        var app = await AnswerInSimulatedAppAsync(context, bizSeq, "cancelled", shots);
        await Expect(app.Locator("#result")).ToHaveTextAsync("fail");
        await Expect(app.Locator("#result-code")).ToHaveTextAsync("C0401001");

        // The broker's failure page, in plain words, without the authority's codes.
        await page.BringToFrontAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(sandbox.Broker.ToString()) + "login/[A-Za-z0-9_-]{22}/failed$"), new() { Timeout = MoveOnTimeoutMs });
        await Expect(page.Locator("h1")).ToHaveTextAsync("认证未完成");
        await Expect(page.Locator(".error[data-error-code]")).ToHaveAttributeAsync("data-error-code", "NI1002");
        await Expect(page.Locator(".error strong")).ToHaveTextAsync("您的网证已注销，无法用于认证。");
        Assert.DoesNotContain("C0401001", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await shots.TakeAsync(page, "broker-failed");

        // "Return to the forum": the platform receives the OAuth error and says so.
        await page.Locator("[data-action=return]").ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(new Uri(sandbox.Platform, "login-failed").ToString()) + @"\?"));
        await Expect(page.Locator("[data-error-code]")).ToHaveTextAsync("access_denied");
        await Expect(page.Locator("[data-error-description]")).ToContainTextAsync("NI1002");
        await Expect(page.Locator("[data-error-link=NI1002]")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "platform-login-failed");
    }

    [Fact]
    public async Task MethodPage_EnglishSwitch_TurnsThePageEnglish()
    {
        sandbox.WriteDatabaseNote();
        await using var context = await (await chromium.RequireAsync()).NewContextAsync();
        var page = await context.NewPageAsync();
        var shots = new Screenshots();
        await OpenMethodPageAsync(page, shots);

        await page.Locator("[data-lang=en]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Choose how to verify");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("[data-method=netid]")).ToContainTextAsync("Use the national network identity app");
        await Expect(page.Locator("[data-method=other]")).ToContainTextAsync("Verify another way");
        await Expect(page.Locator("[data-lang=zh-CN]")).ToHaveTextAsync("中文");
        await shots.TakeAsync(page, "broker-method-en");
    }

    [Fact]
    public async Task LanguageChoice_EnglishOnTheMethodPage_StaysEnglishOnTheQrPageUntilSwitchedBack()
    {
        sandbox.WriteDatabaseNote();
        await using var context = await (await chromium.RequireAsync()).NewContextAsync();
        var page = await context.NewPageAsync();
        var shots = new Screenshots();
        await OpenMethodPageAsync(page, shots);
        await page.Locator("[data-lang=en]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Choose how to verify");

        await page.Locator("button[data-method=netid]").ClickAsync();

        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(sandbox.Broker.ToString()) + "login/[A-Za-z0-9_-]{22}/netid$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm in the national network identity app");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Waiting for you to confirm in the app…");
        await shots.TakeAsync(page, "broker-qr-en");

        await page.Locator("[data-lang=zh-CN]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("请在国家网络身份认证App中确认");
        await shots.TakeAsync(page, "broker-qr-zh");
    }

    /// <summary>The forum's home page, its login button, and the broker's method page (Chinese by default).</summary>
    private async Task OpenMethodPageAsync(IPage page, Screenshots shots)
    {
        await page.GotoAsync(sandbox.Platform.ToString());
        await Expect(page.Locator("main [data-action=login]")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "platform-home");

        await page.Locator("main [data-action=login]").ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(sandbox.Broker.ToString()) + "login/[A-Za-z0-9_-]{22}$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("选择认证方式");
        await Expect(page.Locator("[data-method=netid]")).ToContainTextAsync("使用国家网络身份认证App");
        await shots.TakeAsync(page, "broker-method");
    }

    /// <summary>Chooses the national app; returns the bizSeq of the QR page.</summary>
    private async Task<string> OpenQrPageAsync(IPage page, Screenshots shots)
    {
        await OpenMethodPageAsync(page, shots);
        await page.Locator("button[data-method=netid]").ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(sandbox.Broker.ToString()) + "login/[A-Za-z0-9_-]{22}/netid$"));

        var qr = page.Locator("#wait img.qr");
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        Assert.True(await qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, "The QR image did not render.");

        var bizSeq = await page.Locator("#wait").GetAttributeAsync("data-biz-seq");
        Assert.Matches(BizSeqPattern(), bizSeq);
        await Expect(page.Locator("[data-biz-seq-text]")).ToHaveTextAsync(bizSeq!);
        await shots.TakeAsync(page, "broker-qr");
        return bizSeq!;
    }

    /// <summary>
    /// The simulated national app in a second tab, at the session the QR code names: picks
    /// <paramref name="persona"/> and presses 批准 Approve, through the app's own form.
    /// </summary>
    private async Task<IPage> AnswerInSimulatedAppAsync(IBrowserContext context, string bizSeq, string persona, Screenshots shots)
    {
        var app = await context.NewPageAsync();
        await app.GotoAsync(new Uri(sandbox.Mock, $"app/sessions/{bizSeq}").ToString());
        await Expect(app.Locator("h1")).ToContainTextAsync("认证请求");
        await Expect(app.Locator("table")).ToContainTextAsync(bizSeq);
        await shots.TakeAsync(app, "app-before");

        await app.Locator("#persona").SelectOptionAsync(persona);
        await app.GetByRole(AriaRole.Button, new() { Name = "批准 Approve" }).ClickAsync();
        await Expect(app.Locator("#result")).ToBeVisibleAsync();
        await shots.TakeAsync(app, "app-after");
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9]{32}$")]
    private static partial Regex BizSeqPattern();
}
