using Microsoft.Playwright;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A full-page screenshot of each page a test visits, numbered in order, in
/// <c>artifacts/e2e-screenshots/&lt;test&gt;/&lt;nn&gt;-&lt;page&gt;.png</c> and attached to the test result.
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
}
