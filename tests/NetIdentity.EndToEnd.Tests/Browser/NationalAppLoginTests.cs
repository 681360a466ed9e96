using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// A person logging in to the demo forum with the national app, in a real browser: the forum's
/// button, the broker's method and QR pages (with their script), the mock's simulated app in a
/// second tab, the consent screens the forum's scopes bring, and back to the forum. Every page
/// visited is screenshotted.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class NationalAppLoginTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task Login_AdultApprovesInTheAppAndRefusesBothConsents_EndsOnMeWithTheDefaultReleaseOnly()
    {
        sandbox.WriteDatabaseNote();
        var adult = PersonaIdentity.Get("adult");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);

        await journey.OpenMethodPageFromForumAsync();
        var bizSeq = await journey.ChooseNationalAppAsync();
        var app = await journey.AnswerInSimulatedAppAsync(bizSeq, "adult");
        await Expect(app.Locator("#result")).ToHaveTextAsync("pass");
        await Expect(app.Locator("#result-code")).ToHaveTextAsync("C0000000");

        // Back in the first tab: the waiting page moves on by itself (netid-wait.js polling) to
        // the consent screen, then the separate one; refusing both still completes the login
        // (PIPL Art. 16).
        await journey.Page.BringToFrontAsync();
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: false);
        var me = await journey.AtForumMeAsync();

        // Exactly the default release of docs/claims.md, as if only openid netid had been asked.
        Assert.Equal(DocumentedClaims.ForumIdToken, await me.ClaimNamesAsync("id_token"));
        Assert.Equal(DocumentedClaims.UserInfo, await me.ClaimNamesAsync("userinfo"));
        await Expect(me.IdToken("acr")).ToHaveTextAsync("urn:netidentity:acr:level1");
        await Expect(me.IdToken("netid_result")).ToHaveTextAsync("pass");
        await Expect(me.UserInfo("netid_result")).ToHaveTextAsync("pass");
        await Expect(journey.Page.Locator("[data-summary=verified]")).ToHaveTextAsync("通过 Passed");
        await Expect(journey.Page.Locator("[data-kept-nothing]")).ToBeVisibleAsync();
        await Expect(journey.Page.Locator("[data-not-received-item].unexpected")).ToHaveCountAsync(0);
        await me.AssertNoPlaintextOfAsync(adult);
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("cancelled")]
    public async Task Login_CancelledCredential_ShowsPlainWordsThenPlatformGetsAccessDenied()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);

        await journey.OpenMethodPageFromForumAsync();
        var bizSeq = await journey.ChooseNationalAppAsync();
        var app = await journey.AnswerInSimulatedAppAsync(bizSeq, "cancelled");
        await Expect(app.Locator("#result")).ToHaveTextAsync("fail");
        await Expect(app.Locator("#result-code")).ToHaveTextAsync("C0401001");

        // The broker's failure page, in plain words, without the authority's codes.
        await journey.Page.BringToFrontAsync();
        await journey.AtFailedPageAsync("NI1002", "您的网证已注销，无法用于认证。");
        Assert.DoesNotContain("C0401001", await journey.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);

        // "Return to the forum": the platform receives the OAuth error and says so.
        await journey.ReturnToForumWithErrorAsync("NI1002");
    }

    [Fact]
    public async Task ChooseApp_TheFormsAnswerIsTheQrPage_AndAReloadShowsTheSameSession()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        var id = await journey.OpenMethodPageFromForumAsync();
        var documents = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.ResourceType == "document")
            {
                lock (documents)
                {
                    documents.Add(request.Method + " " + new Uri(request.Url).AbsolutePath);
                }
            }
        };

        // One document request from the click to the QR code: the form's POST, answered with the
        // waiting page, whose script then puts /login/{id}/netid in the address bar.
        var bizSeq = await journey.ChooseNationalAppAsync();
        lock (documents)
        {
            Assert.Equal([$"POST /login/{id}"], documents);
        }

        // A reload asks for the waiting page, not the form again, and shows the same session.
        await page.ReloadAsync();
        await Expect(page.Locator("#wait")).ToHaveAttributeAsync("data-biz-seq", bizSeq);
        lock (documents)
        {
            Assert.Equal([$"POST /login/{id}", $"GET /login/{id}/netid"], documents);
        }

        Assert.Empty(journey.ScriptErrors);
    }

    [Fact]
    public async Task MethodPage_EnglishSwitch_TurnsThePageEnglish()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        await journey.OpenMethodPageFromForumAsync();

        await page.Locator("[data-lang=en]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Choose how to verify");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("[data-method=netid]")).ToContainTextAsync("Use the national network identity app");
        await Expect(page.Locator("[data-method=other]")).ToContainTextAsync("Verify another way");
        await Expect(page.Locator("[data-lang=zh-CN]")).ToHaveTextAsync("中文");
        await journey.Shots.TakeAsync(page, "broker-method-en");
    }

    [Fact]
    public async Task LanguageChoice_EnglishOnTheMethodPage_StaysEnglishOnTheQrPageUntilSwitchedBack()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        await journey.OpenMethodPageFromForumAsync();
        await page.Locator("[data-lang=en]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Choose how to verify");

        await page.Locator("button[data-method=netid]").ClickAsync();

        await journey.WaitForLoginPageAsync("/netid");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm in the national network identity app");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Waiting for you to confirm in the app…");
        await journey.Shots.TakeAsync(page, "broker-qr-en");

        await page.Locator("[data-lang=zh-CN]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("请在国家网络身份认证App中确认");
        await journey.Shots.TakeAsync(page, "broker-qr-zh");
    }
}
