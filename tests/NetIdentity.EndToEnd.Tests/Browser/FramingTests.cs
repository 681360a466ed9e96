using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Clickjacking (issue 9 §5): a page of another origin that frames the broker's method page gets
/// nothing the person could be tricked into clicking, because the broker sends
/// <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c> (Hosting/SecurityHeaders.cs).
/// The framing page is served by Chromium's request interception at an origin of its own; a
/// control page at a third origin, without those headers, shows the test would see a framed page.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class FramingTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    private const string Attacker = "http://attacker.test/";
    private const string Control = "http://control.test/";

    [Fact]
    public async Task MethodPage_FramedByAnotherOrigin_IsNotRendered()
    {
        // Arrange: a real login at its method page, and an attacker's page that frames it.
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        var methodPage = journey.Page.Url;
        var attacker = await journey.Page.Context.NewPageAsync();
        await attacker.RouteAsync(Control, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = "<!DOCTYPE html><html><body><h1>control</h1></body></html>",
        }));
        await attacker.RouteAsync(Attacker, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = "<!DOCTYPE html><html><body>"
                + $"<iframe id=\"control\" src=\"{Control}\"></iframe>"
                + $"<iframe id=\"broker\" src=\"{System.Net.WebUtility.HtmlEncode(methodPage)}\"></iframe>"
                + "</body></html>",
        }));

        // Act
        await attacker.GotoAsync(Attacker, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        // Assert: the control page is framed; the broker's page is not.
        var control = await (await attacker.Locator("iframe#control").ElementHandleAsync()).ContentFrameAsync();
        Assert.NotNull(control);
        await Expect(control.Locator("h1")).ToHaveTextAsync("control");
        var broker = await (await attacker.Locator("iframe#broker").ElementHandleAsync()).ContentFrameAsync();
        Assert.NotNull(broker);
        // The frame is not the broker's document at all (Chromium replaces a refused frame with its
        // error page): without the headers it would be, whatever the page said without its
        // SameSite=Lax login cookie, which a cross-site frame does not carry.
        Assert.False(broker.Url.StartsWith(sandbox.Broker.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase),
            $"A broker page rendered inside another origin's frame ({broker.Url}).");
        Assert.Equal(0, await broker.Locator("[data-method=netid]").CountAsync());
        Assert.Equal(0, await broker.Locator("form").CountAsync());

        // And the page itself still works for the person, unframed.
        await Expect(journey.Page.Locator("[data-method=netid]")).ToBeVisibleAsync();
        Assert.Empty(journey.ScriptErrors);
    }
}
