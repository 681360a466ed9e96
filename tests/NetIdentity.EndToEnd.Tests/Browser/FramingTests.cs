using Microsoft.Playwright;
using NetIdentity.Bench.Driver.Sandbox;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Clickjacking (issue 9 §5): a page of another origin that frames the broker's method page gets
/// nothing the person could be tricked into clicking, because the broker sends
/// <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c> (Hosting/SecurityHeaders.cs).
/// The framing page is served by a local HttpListener at an origin of its own; a control
/// page there, without those headers, shows the test would see a framed page.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class FramingTests(SandboxFixture sandbox, ChromiumFixture chromium)
{

    [Fact]
    public async Task MethodPage_FramedByAnotherOrigin_IsNotRendered()
    {
        // Arrange: a real login at its method page, and an attacker's page that frames it.
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        var methodPage = journey.Page.Url;
        // A real server on another loopback port: a page Chromium's request interception made up
        // counts as a public origin, and Chromium refused its frame of a loopback
        // address even without the headers (checked by removing them), so that test could not fail.
        var attackerUrl = $"http://localhost:{FreePorts.One()}/";
        var controlUrl = attackerUrl + "control";
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add(attackerUrl);
        listener.Start();
        var attackerHtml = "<!DOCTYPE html><html><body>"
            + $"<iframe id=\"control\" src=\"{controlUrl}\"></iframe>"
            + $"<iframe id=\"broker\" src=\"{System.Net.WebUtility.HtmlEncode(methodPage)}\"></iframe>"
            + $"<iframe id=\"error\" src=\"{new Uri(sandbox.Broker, "errors/NI1001")}\"></iframe>"
            + "</body></html>";
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var request = await listener.GetContextAsync();
                var body = System.Text.Encoding.UTF8.GetBytes(request.Request.Url!.AbsolutePath == "/control"
                    ? "<!DOCTYPE html><html><body><h1>control</h1></body></html>" : attackerHtml);
                request.Response.ContentType = "text/html; charset=utf-8";
                await request.Response.OutputStream.WriteAsync(body, TestContext.Current.CancellationToken);
                request.Response.Close();
            }
        }, TestContext.Current.CancellationToken);
        var attacker = await journey.Page.Context.NewPageAsync();

        // Act
        await attacker.GotoAsync(attackerUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

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

        // A page without a form too: the method page's antiforgery token alone would already send
        // X-Frame-Options: SAMEORIGIN (ASP.NET Core's default); the error page has no such token.
        var error = await (await attacker.Locator("iframe#error").ElementHandleAsync()).ContentFrameAsync();
        Assert.NotNull(error);
        Assert.False(error.Url.StartsWith(sandbox.Broker.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase),
            $"A broker page rendered inside another origin's frame ({error.Url}).");
        Assert.Equal(0, await broker.Locator("form").CountAsync());

        // And the page itself still works for the person, unframed.
        await Expect(journey.Page.Locator("[data-method=netid]")).ToBeVisibleAsync();
        Assert.Empty(journey.ScriptErrors);
    }
}
