using System.Text.Json;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>What the independent client (node/scripted-client.mjs) received in one login.</summary>
internal sealed record IndependentLogin(JsonElement Claims, JsonElement UserInfo, string BizSeq, string IdToken, string AccessToken)
{
    public string Subject => Claims.GetProperty("sub").GetString()!;

    public static IReadOnlyList<string> Names(JsonElement json) =>
        [.. json.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal)];
}

/// <summary>
/// Runs the Node.js relying party (openid-client v6) against the sandbox. Its packages are
/// installed once with <c>npm ci</c> from the committed lock file into the (gitignored)
/// <c>node_modules</c>. Without node or npm the test skips, except under <c>CI=true</c>.
/// </summary>
internal static class IndependentClient
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private static string Directory => TestEnvironment.RepositoryPath("tests", "NetIdentity.EndToEnd.Tests", "node");

    public static async Task<IndependentLogin> LoginAsync(SandboxFixture sandbox, string persona, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var run = await CommandRunner.RunAsync(
            "node",
            [
                "scripted-client.mjs",
                "--broker", sandbox.Broker.ToString(),
                "--mock", sandbox.Mock.ToString(),
                "--client-id", SandboxFixture.ScriptClientId,
                "--client-secret", SandboxFixture.ScriptClientSecret,
                "--redirect-uri", sandbox.PlatformRedirectUri.ToString(),
                "--persona", persona,
            ],
            Directory,
            TimeSpan.FromSeconds(60),
            cancellationToken);
        Assert.True(run.ExitCode == 0, run.Describe("node scripted-client.mjs") + "\n--- sandbox output ---\n" + sandbox.Output);

        using var document = JsonDocument.Parse(run.StandardOutput);
        var root = document.RootElement;
        var login = root.GetProperty("login");
        return new IndependentLogin(
            root.GetProperty("claims").Clone(),
            root.GetProperty("userinfo").Clone(),
            login.GetProperty("bizSeq").GetString()!,
            login.GetProperty("idToken").GetString()!,
            login.GetProperty("accessToken").GetString()!);
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (!CommandRunner.IsOnPath("node"))
        {
            TestEnvironment.SkipOrFail("node is not on the PATH: the independent client needs Node.js 20 or later (and npm to install it).");
        }

        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", "openid-client", "package.json")))
            {
                return;
            }

            if (!CommandRunner.IsOnPath("npm"))
            {
                TestEnvironment.SkipOrFail($"npm is not on the PATH: it is needed once to install the independent client's packages (npm ci in {Directory}).");
            }

            var install = await CommandRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(install.ExitCode == 0, install.Describe("npm ci (in " + Directory + ")"));
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
