using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished command printed and how it ended.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe(string what) =>
        $"{what} exited {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs a short-lived command (node, npm, bash) to its end, bounded in time; on time-out or
/// cancellation its whole process tree is killed, so nothing outlives the test.
/// </summary>
internal static class CommandRunner
{
    /// <summary>True when <paramref name="file"/> is found on the PATH (or is an existing path).</summary>
    public static bool IsOnPath(string file) =>
        Path.IsPathRooted(file)
            ? File.Exists(file)
            : (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(directory => File.Exists(Path.Combine(directory, file)));

    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not start '{file}': {exception.Message}", exception);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"'{file} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0} s and was killed.\n--- stdout ---\n{Read(stdout)}\n--- stderr ---\n{Read(stderr)}");
        }

        // The parameterless wait also drains the redirected output.
        process.WaitForExit();
        return new CommandResult(process.ExitCode, Read(stdout), Read(stderr));
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

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
