using Microsoft.Playwright;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, launched on first use. Playwright's own browser
/// downloads are never used (<c>playwright install</c> cannot reach its CDN here, and CI installs
/// the distribution's package): the executable is <c>NETIDENTITY_TEST_CHROMIUM</c>, by default
/// <c>/usr/bin/chromium</c>. Without it a browser test skips, except under <c>CI=true</c>.
/// </summary>
public sealed class ChromiumFixture : IAsyncDisposable
{
    public const string Variable = "NETIDENTITY_TEST_CHROMIUM";

    private readonly SemaphoreSlim gate = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The browser; skips the test (fails it under CI) when Chromium is not installed.</summary>
    public async Task<IBrowser> RequireAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            TestEnvironment.SkipOrFail($"Chromium is not installed at {ExecutablePath} (apt-get install chromium fonts-noto-cjk, or set {Variable}).");
        }

        await gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            playwright ??= await Playwright.CreateAsync();
            return browser ??= await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            });
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        gate.Dispose();
    }
}
