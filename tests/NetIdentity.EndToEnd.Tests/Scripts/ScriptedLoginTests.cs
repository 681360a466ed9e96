using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Scripts;

/// <summary>
/// docs/examples/scripted-login.sh, the documentation's headless login (bash, curl, openssl, sed
/// only), against the real sandbox: what the docs promise must work as written.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class ScriptedLoginTests(SandboxFixture sandbox)
{
    private const string ClaimNamesLine = "claim names:";

    private static readonly string Script = TestEnvironment.RepositoryPath("docs", "examples", "scripted-login.sh");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task ScriptedLoginScript_AgainstTheSandbox_PrintsTheDocumentedClaimNames()
    {
        sandbox.WriteDatabaseNote();
        RequireScriptAndTools();

        // The script defaults to the sandbox's usual ports; the redirect URI is the one the
        // sandbox registered for the platform's port in this run.
        var run = await CommandRunner.RunAsync(
            "bash",
            [Script, sandbox.Broker.ToString(), sandbox.Mock.ToString(), "adult"],
            TestEnvironment.RepositoryRoot,
            TimeSpan.FromSeconds(60),
            Ct,
            new Dictionary<string, string?> { ["REDIRECT_URI"] = sandbox.PlatformRedirectUri.ToString() });

        Assert.True(run.ExitCode == 0, run.Describe("docs/examples/scripted-login.sh"));
        var line = run.StandardOutput.Split('\n').SingleOrDefault(l => l.StartsWith(ClaimNamesLine, StringComparison.Ordinal));
        Assert.True(line is not null, $"No '{ClaimNamesLine}' line:\n{run.StandardOutput}");
        var names = line[ClaimNamesLine.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(DocumentedClaims.IdToken, names.Order(StringComparer.Ordinal));
    }

    private static void RequireScriptAndTools()
    {
        if (!File.Exists(Script))
        {
            TestEnvironment.SkipOrFail($"{Script} does not exist (yet).");
        }

        foreach (var tool in new[] { "bash", "curl", "openssl", "sed", "grep", "tr", "base64" })
        {
            if (!CommandRunner.IsOnPath(tool))
            {
                TestEnvironment.SkipOrFail($"The scripted login needs {tool}, which is not on the PATH.");
            }
        }
    }
}
