using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Back-channel logout (OpenID Connect Back-Channel Logout 1.0; docs/events.md): the person logs
/// in to the forum, then at the broker's "my authorizations" in the same browser signs out of every
/// platform; the broker's outbox delivers a logout token naming the forum login's <c>sid</c>, the
/// forum validates it and ends that session, so its next page asks for a login again.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class BackChannelLogoutTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    /// <summary>The broker's outbox is polled every 2 s: a few rounds.</summary>
    private static readonly TimeSpan LogoutWait = TimeSpan.FromSeconds(25);

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task SignOutOfEveryPlatform_AtMyAuthorizations_EndsTheForumSession()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync("adult");
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: false);
        var me = await journey.AtForumMeAsync();
        await Expect(me.IdToken("sid")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{22}$"));

        await journey.SignInToMyAuthorizationsAsync("adult");
        await page.Locator("[data-action=sign-out-everywhere]").ClickAsync();
        await Expect(page.Locator("[data-message=signed-out]")).ToBeVisibleAsync();

        // The forum's /me, reloaded until the session is gone: it then starts a login at the broker.
        var forumMe = new Uri(sandbox.Platform, "me").ToString();
        var deadline = DateTimeOffset.UtcNow + LogoutWait;
        while (true)
        {
            await page.GotoAsync(forumMe);
            if (!page.Url.StartsWith(forumMe, StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The forum still shows /me {LogoutWait.TotalSeconds} s after the sign-out.");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.StartsWith(sandbox.Broker.ToString(), page.Url, StringComparison.Ordinal);
        Assert.Empty(journey.ScriptErrors);
    }
}
