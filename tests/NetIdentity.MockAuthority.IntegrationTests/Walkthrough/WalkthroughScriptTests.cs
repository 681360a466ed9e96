using System.Diagnostics;
using System.Net;
using System.Text;
using NetIdentity.Bench.Driver.Sandbox;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Walkthrough;

/// <summary>
/// docs/examples/mock-authority-walkthrough.sh against the real mock, run as its own process the
/// way a tester runs it: <c>dotnet NetIdentity.MockAuthority.dll</c> in Development.
/// </summary>
public sealed class WalkthroughScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WalkthroughScript_AgainstTheMockProcess_ExitsZero()
    {
        await RequireOpenSslWithSm2Async();
        Assert.True(File.Exists(Repository.MockAuthorityDll), $"Build the mock first: {Repository.MockAuthorityDll} is missing.");
        var url = $"http://127.0.0.1:{FreePorts.One()}";
        var mockOutput = new StringBuilder();
        using var mock = Start("dotnet", [Repository.MockAuthorityDll, "--urls", url], mockOutput, ("ASPNETCORE_ENVIRONMENT", "Development"));
        try
        {
            await WaitUntilHealthyAsync(url, mock, mockOutput);
            var scriptOutput = new StringBuilder();
            using var script = Start("bash", [Repository.Path("docs", "examples", "mock-authority-walkthrough.sh")], scriptOutput, ("MOCK_URL", url));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            await script.WaitForExitAsync(timeout.Token);
            script.WaitForExit();

            Assert.True(script.ExitCode == 0, $"The walkthrough exited {script.ExitCode}:\n{scriptOutput}\n--- mock output ---\n{mockOutput}");
            Assert.Contains("0 failed", scriptOutput.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            mock.Kill(entireProcessTree: true);
            await mock.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Outside CI a machine without SM2 in OpenSSL skips; under CI=true nothing may be skipped.</summary>
    private static async Task RequireOpenSslWithSm2Async()
    {
        var probe = Path.Combine(Path.GetTempPath(), $"sm2-probe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(probe, "probe", Ct);
        var output = new StringBuilder();
        var supported = false;
        try
        {
            using var openssl = Start("openssl", ["dgst", "-sm3", "-sign", "/dev/stdin", "-sigopt", "distid:1234567812345678", "-out", "/dev/null", probe], output, stdin: TestKeys.SandboxPrivateKeyPem);
            await openssl.WaitForExitAsync(Ct);
            supported = openssl.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output.Append("openssl is not installed.");
        }
        finally
        {
            File.Delete(probe);
        }

        if (supported)
        {
            return;
        }

        var reason = $"OpenSSL 3 with SM2/SM3 is needed by the walkthrough: {output}";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason);
        Assert.Skip(reason);
    }

    private static Process Start(string file, string[] arguments, StringBuilder output, params (string Name, string Value)[] environment) =>
        Start(file, arguments, output, null, environment);

    private static Process Start(string file, string[] arguments, StringBuilder output, string? stdin, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static async Task WaitUntilHealthyAsync(string url, Process mock, StringBuilder mockOutput)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(mock.HasExited, $"The mock exited with {(mock.HasExited ? mock.ExitCode : 0)}:\n{mockOutput}");
            try
            {
                using var response = await http.GetAsync($"{url}/healthz", Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail($"The mock did not become healthy within 30 s:\n{mockOutput}");
    }
}
