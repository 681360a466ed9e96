using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Number matching in a real browser (issue 8 §3; authority-contract §3 v2): the number the
/// broker shows next to the QR code is the one the simulated app asks the person to pick, among
/// others; a wrong pick does not approve, the right one does, and the login completes.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class NumberMatchingTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    [Fact]
    [ExercisesPersonas("adult")]
    public async Task Login_NumberShownByTheBroker_IsTheOneTheAppAsksForAndOnlyItApproves()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        var bizSeq = await journey.ChooseNationalAppAsync();
        var shown = journey.ShownMatchCodes[bizSeq];

        var app = await journey.OpenSimulatedAppAsync(bizSeq);
        await Expect(app.Locator("#platform")).ToContainTextAsync("演示论坛");
        var choices = app.Locator("[data-match-choice]");
        await Expect(choices).ToHaveCountAsync(3);
        var offered = await choices.EvaluateAllAsync<string[]>("elements => elements.map(e => e.getAttribute('data-match-choice'))");
        Assert.Contains(shown, offered);
        Assert.Equal(3, offered.Distinct(StringComparer.Ordinal).Count());
        await journey.Shots.TakeAsync(app, "app-number-matching");

        // A wrong number: refused, still pending; the broker's page keeps waiting.
        await app.Locator("#persona").SelectOptionAsync("adult");
        await app.Locator($"[data-match-choice='{offered.First(c => c != shown)}']").CheckAsync();
        await app.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "批准 Approve" }).ClickAsync();
        await Expect(app.Locator("[role=alert]")).ToContainTextAsync("not the one shown in the browser");
        await Expect(app.Locator("#result")).ToHaveCountAsync(0);
        await Expect(journey.Page.Locator("[data-match-code]")).ToHaveTextAsync(shown);

        // The number the broker shows: approved, and the person's tab moves on to the consent screen.
        await app.Locator("#persona").SelectOptionAsync("adult");
        await app.Locator($"[data-match-choice='{shown}']").CheckAsync();
        await app.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "批准 Approve" }).ClickAsync();
        await Expect(app.Locator("#result")).ToHaveTextAsync("pass");
        await app.CloseAsync();
        await journey.Page.BringToFrontAsync();
        await journey.AtConsentPageAsync();
        Assert.Empty(journey.ScriptErrors);
    }
}
