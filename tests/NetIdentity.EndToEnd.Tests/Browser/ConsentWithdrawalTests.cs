using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Withdrawal, as easy as the consent (PIPL Art. 15): the person signs in to the broker's "my
/// authorizations" in the same browser, withdraws the separate consent the forum got, and the
/// forum receives the signed event on its SSF stream and deletes its copy (PIPL Art. 47,
/// docs/events.md), while the broker revokes what it issued to the forum and says so (CAEP
/// session-revoked), which ends the forum's session.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class ConsentWithdrawalTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    /// <summary>The broker's outbox is polled every 2 s and retried after 2 s, 4 s…: a few rounds.</summary>
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(25);

    /// <summary>OpenIddict's name for an access token in its token table.</summary>
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <remarks>
    /// <c>guardian</c> logs in here as the adult it is; in the minors' tests it only ever verifies
    /// as a guardian, which gives the forum nothing of its own. The grant to withdraw is found by
    /// the id its receipt carries, so grants given for a child (also on this person's page) do not
    /// matter.
    /// </remarks>
    [Fact]
    [ExercisesPersonas("guardian")]
    public async Task Withdrawal_OfTheSeparateConsentAtMyAuthorizations_ForumVerifiesTheEventAndDeletesItsCopy()
    {
        sandbox.WriteDatabaseNote();
        var persona = PersonaIdentity.Get("guardian");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        var before = await BrokerDatabase.TokensAsync(sandbox, SandboxFixture.ClientId, subject: null, Ct);

        // The separate consent given at the forum's login (the ordinary items refused, to keep the point).
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync(persona.Id);
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: true);
        var me = await journey.AtForumMeAsync();
        await Expect(me.Kept("netid_name")).ToHaveTextAsync(persona.Name);
        await Expect(me.Kept("netid_id_number")).ToHaveTextAsync(persona.IdNumber);
        var subject = await me.SubjectAsync();
        var receipt = Assert.Single(await me.ReceiptsAsync());
        Assert.Equal(["netid.identity"], receipt.Items);
        var issued = (await BrokerDatabase.TokensAsync(sandbox, SandboxFixture.ClientId, subject, Ct))
            .Where(token => !before.Any(b => b.Id == token.Id)).ToList();
        Assert.Contains(issued, t => t.Type == AccessTokenType && t.Status == "valid");

        // "My authorizations", as the same person: the grant, its receipt, one click.
        await journey.SignInToMyAuthorizationsAsync(persona.Id);
        var grant = page.Locator($"[data-platform='{SandboxFixture.ClientId}'] [data-grant='{receipt.Id}']");
        await Expect(grant).ToContainTextAsync("姓名、证件类型和证件号码（明文）");

        // The receipt link serves the same signed receipt the forum received, as a file. Fetched
        // with the browser's cookies rather than clicked: a download has no page to screenshot.
        var href = await grant.Locator("[data-action=receipt]").GetAttributeAsync("href");
        var file = await page.Context.APIRequest.GetAsync(new Uri(sandbox.Broker, href).ToString());
        Assert.Equal(200, file.Status);
        Assert.StartsWith("attachment", file.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(receipt.Token, (await file.TextAsync()).Trim());

        await grant.Locator("[data-action=withdraw]").ClickAsync();
        await Expect(page.Locator("[data-message=withdrawn]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-grant='{receipt.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"[data-platform='{SandboxFixture.ClientId}'] [data-history=Withdrawn]")).Not.ToHaveCountAsync(0);
        await journey.Shots.TakeAsync(page, "broker-my-withdrawn");

        // The forum verified the signed event and deleted what it kept: names, never values, on /events.
        // It came on the forum's SSF stream (with sub_id), and with it CAEP session-revoked: the
        // tokens under the withdrawn scope were revoked, so the forum ended the person's session.
        var row = page.Locator("tr[data-event]").Filter(new() { HasText = receipt.Id });
        var revoked = page.Locator("tr[data-event-type='https://schemas.openid.net/secevent/caep/event-type/session-revoked']").Filter(new() { HasText = subject });
        await WaitForEventsAsync(page, receipt.Id, row, revoked);
        await Expect(row).ToHaveAttributeAsync("data-event-type", "https://netidentity.example/secevent/consent-withdrawn");
        await Expect(row).ToHaveAttributeAsync("data-event-delivery", "stream");
        await Expect(revoked).ToHaveCountAsync(1);
        await Expect(revoked).ToHaveAttributeAsync("data-event-delivery", "stream");
        await Expect(row.Locator("[data-event-sub]")).ToHaveTextAsync(subject);
        await Expect(row.Locator("[data-event-scopes]")).ToHaveTextAsync("netid.identity");
        foreach (var claim in new[] { "netid_name", "netid_id_type", "netid_id_number" })
        {
            await Expect(row.Locator("[data-event-deleted]")).ToContainTextAsync(claim);
        }

        await journey.Shots.TakeAsync(page, "platform-events");
        var events = await page.ContentAsync();
        Assert.All(persona.PlaintextValues, value => Assert.DoesNotContain(value, events, StringComparison.Ordinal));

        // The session is over: /me asks for a login. Logged in again (nothing consented this time),
        // "What we kept" holds neither the name nor the number any more.
        await page.GotoAsync(new Uri(sandbox.Platform, "me").ToString());
        await journey.AtMethodPageAsync("broker-method-after-withdrawal");
        await journey.VerifyWithNationalAppAsync(persona.Id);
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: false);
        await journey.AtForumMeAsync();
        Assert.Equal(subject, await me.SubjectAsync());
        await Expect(page.Locator("[data-kept-withdrawn]")).ToBeVisibleAsync();
        await journey.Shots.TakeAsync(page, "platform-me-after-withdrawal");
        await Expect(me.Kept("netid_name")).ToHaveCountAsync(0);
        await Expect(me.Kept("netid_id_number")).ToHaveCountAsync(0);
        var kept = await me.KeptSection.InnerHTMLAsync();
        Assert.All(persona.PlaintextValues, value => Assert.DoesNotContain(value, kept, StringComparison.Ordinal));

        // Nor does any other part of the page (the session cookie never held the plaintext).
        await me.AssertNoPlaintextOfAsync(persona);

        // The forum's access token is no longer good: the forum does not expose it, so the
        // broker's own record of the tokens of that login is read instead.
        var after = await BrokerDatabase.TokensAsync(sandbox, SandboxFixture.ClientId, subject, Ct);
        Assert.All(issued, token => Assert.Equal("revoked", after.Single(t => t.Id == token.Id).Status));
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    /// <summary>
    /// Reloads the forum's <c>/events</c> until both events of the withdrawal are listed: the
    /// withdrawal of <paramref name="consentId"/> (<paramref name="withdrawn"/>) and the CAEP
    /// session-revoked (<paramref name="revoked"/>). They are two outbox messages, queued one after
    /// the other and pushed concurrently (OutboxDispatcher), or in two polls when a poll falls
    /// between them: the forum may list either first, and the page read is not live, so waiting
    /// for the first alone left the second to a 5 s assertion on a page that never changes.
    /// </summary>
    private async Task WaitForEventsAsync(IPage page, string consentId, ILocator withdrawn, ILocator revoked)
    {
        var deadline = DateTimeOffset.UtcNow + EventWait;
        while (true)
        {
            await page.GotoAsync(new Uri(sandbox.Platform, "events").ToString());
            var (withdrawals, revocations) = (await withdrawn.CountAsync(), await revoked.CountAsync());
            if (withdrawals == 1 && revocations >= 1)
            {
                return;
            }

            Assert.True(
                DateTimeOffset.UtcNow < deadline,
                $"Within {EventWait.TotalSeconds:0} s the forum listed {withdrawals} event(s) for consent {consentId} "
                + $"and {revocations} session-revoked event(s) for its subject, not one of each.\n--- sandbox output ---\n{sandbox.Output}");
            await Task.Delay(500, Ct);
        }
    }
}
