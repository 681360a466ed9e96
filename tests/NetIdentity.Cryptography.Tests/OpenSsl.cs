using System.Diagnostics;

namespace NetIdentity.Cryptography.Tests;

/// <summary>What one run of the <c>openssl</c> command line produced.</summary>
internal sealed record OpenSslResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the <c>openssl</c> command line (OpenSSL 3 with its default provider, which has SM2 and SM3).
/// Arguments go through <see cref="ProcessStartInfo.ArgumentList"/>, so no shell quoting is involved.
/// </summary>
internal static class OpenSsl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<Task<string?>> UnavailableReason = new(ProbeAsync);

    /// <summary>
    /// Skips the calling test when OpenSSL with SM2/SM3 is not on this machine, except under CI
    /// (<c>CI=true</c>), where a missing OpenSSL fails the test: the cross-checks must never be
    /// silently skipped where the build is judged.
    /// </summary>
    public static async Task RequireAsync()
    {
        var reason = await UnavailableReason.Value;
        if (reason is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{reason} CI=true, so this cross-check fails instead of being skipped.");
        }

        Assert.Skip(reason);
    }

    /// <summary>Runs openssl and fails the test, with its standard error, unless it exits with 0.</summary>
    public static async Task<OpenSslResult> RunCheckedAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments);
        Assert.True(
            result.ExitCode == 0,
            $"openssl {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        return result;
    }

    public static Task<OpenSslResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(FindExecutable() ?? "openssl", workingDirectory, arguments, TestContext.Current.CancellationToken);

    private static async Task<OpenSslResult> RunAsync(string executable, string workingDirectory, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);

        // Both streams are drained concurrently so neither pipe can fill up and block the child.
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new OpenSslResult(process.ExitCode, await standardOutput, await standardError);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static async Task<string?> ProbeAsync()
    {
        var executable = FindExecutable();
        if (executable is null)
        {
            return "The openssl executable was not found on PATH, so the OpenSSL cross-checks cannot run.";
        }

        var directory = Directory.CreateTempSubdirectory("netidentity-openssl-probe-");
        try
        {
            var key = await RunAsync(executable, directory.FullName, ["genpkey", "-algorithm", "SM2"], CancellationToken.None);
            if (key.ExitCode != 0 || !key.StandardOutput.Contains("BEGIN PRIVATE KEY", StringComparison.Ordinal))
            {
                return $"{executable} cannot generate SM2 keys (OpenSSL 3 with SM2 is required): {key.StandardError.Trim()}";
            }

            var digests = await RunAsync(executable, directory.FullName, ["list", "-digest-algorithms"], CancellationToken.None);
            if (digests.ExitCode != 0 || !digests.StandardOutput.Contains("SM3", StringComparison.OrdinalIgnoreCase))
            {
                return $"{executable} does not list the SM3 digest (OpenSSL 3 with SM3 is required).";
            }

            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or OperationCanceledException)
        {
            return $"{executable} could not be run: {e.Message}";
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string? FindExecutable()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "openssl.exe" } : ["openssl"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }
}
