using Microsoft.Playwright;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A full-page screenshot of each page a test visits, numbered in order, in
/// <c>artifacts/e2e-screenshots/&lt;test&gt;/&lt;nn&gt;-&lt;page&gt;.png</c> and attached to the test result;
/// and, when the browser is closed, each tab as the test left it (<see cref="LeftAtAsync"/>).
/// </summary>
internal sealed class Screenshots
{
    private readonly string directory;
    private int count;

    public Screenshots()
    {
        var test = TestContext.Current.TestMethod?.MethodName ?? "unknown-test";
        directory = TestEnvironment.RepositoryPath("artifacts", "e2e-screenshots", test);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    /// <summary>Screenshots <paramref name="page"/> as <c>nn-<paramref name="name"/>.png</c>.</summary>
    public async Task TakeAsync(IPage page, string name)
    {
        var file = $"{++count:00}-{name}.png";
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), FullPage = true });
        TestContext.Current.AddAttachment(file, png, "image/png");
    }

    /// <summary>
    /// Each tab still open as the test left it, whether it passed or failed (a test's own
    /// assertions say nothing of the page it was on): <c>left-at-&lt;n&gt;.txt</c> (URL and title),
    /// <c>.html</c> (the DOM) and <c>.png</c> (the viewport), the text and the picture attached to
    /// the test result. Never throws: a crashed or closed tab must not hide the test's own failure.
    /// </summary>
    public async Task LeftAtAsync(IReadOnlyList<IPage> pages)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var name = $"left-at-{i + 1}";
            try
            {
                var where = $"{page.Url}\n{await page.TitleAsync()}\n";
                await File.WriteAllTextAsync(Path.Combine(directory, name + ".txt"), where);
                TestContext.Current.AddAttachment(name + ".txt", where);
                await File.WriteAllTextAsync(Path.Combine(directory, name + ".html"), await page.ContentAsync());
                var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), Timeout = 10_000 });
                TestContext.Current.AddAttachment(name + ".png", png, "image/png");
            }
            catch (Exception exception) when (exception is PlaywrightException or TimeoutException or IOException or InvalidOperationException)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"[e2e] Could not capture tab {i + 1} ({page.Url}) as left: {exception.Message}");
            }
        }
    }
}
