using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// The demo forum on an SSF push stream (issue 12; docs/events.md, "SSF streams"): at start-up
/// NetIdentity.Client creates (or adopts) the forum's stream to its registered events endpoint,
/// with its FAPI 2.0 client credentials (<c>private_key_jwt</c> and DPoP), and asks for a
/// verification event, which the broker pushes and the forum's <c>/events</c> page shows as
/// verified. The withdrawal on the stream is in <see cref="ConsentWithdrawalTests"/>.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class EventStreamTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    /// <summary>The forum may have started before the broker answered: its retries, then the outbox's push.</summary>
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(90);

    /// <summary>How long a line the forum logged may take to reach the tests (its logger's queue, two pipes).</summary>
    private static readonly TimeSpan OutputWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Forum_AtStart_EnsuresItsStream_AndTheBrokersVerificationEventReachesIt()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        var page = journey.Page;
        var events = new Uri(sandbox.Platform, "events").ToString();

        var deadline = DateTimeOffset.UtcNow + StreamWait;
        while (true)
        {
            await page.GotoAsync(events);
            if (await page.Locator("[data-stream-verified=yes]").CountAsync() == 1)
            {
                break;
            }

            Assert.True(
                DateTimeOffset.UtcNow < deadline,
                $"The forum's stream was not verified within {StreamWait.TotalSeconds:0} s.\n--- sandbox output ---\n{sandbox.Output}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        var streamId = (await page.Locator("[data-stream-id]").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Za-z0-9_-]{16,}$", streamId);
        await Expect(page.Locator("[data-stream-status]")).ToHaveTextAsync("enabled");
        var verification = page.Locator("tr[data-event-type='https://schemas.openid.net/secevent/ssf/event-type/verification']").Filter(new() { HasText = streamId });
        await Expect(verification).Not.ToHaveCountAsync(0);
        await Expect(verification.First).ToHaveAttributeAsync("data-event-delivery", "stream");
        await journey.Shots.TakeAsync(page, "platform-events-stream");

        // The forum said what it did. (The broker registers the forum on FAPI 2.0, which takes only
        // private_key_jwt and DPoP-bound tokens: the stream exists, so the SDK authenticated that way.)
        // It logs "verified" just after recording it, so the line may reach the tests after the page
        // showed it: waited for, briefly, before the assertions.
        string[] said =
        [
            $"SSF stream {streamId} created: the broker pushes to {events}.",
            $"SSF stream {streamId} verified: the verification event it asked for arrived.",
        ];
        foreach (var line in said)
        {
            await sandbox.WaitForOutputAsync(line, OutputWait, TestContext.Current.CancellationToken);
        }

        var output = sandbox.Output;
        Assert.Contains(said[0], output, StringComparison.Ordinal);
        Assert.Contains(said[1], output, StringComparison.Ordinal);
        Assert.Empty(journey.ScriptErrors);
    }
}
