using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NetIdentity.Bench.Driver.Sandbox;

/// <summary>
/// A program the bench started (the sandbox, the baseline host), with its output kept (the last
/// lines, for a failure message) and stopped as on Ctrl-C: SIGTERM, then the whole tree killed
/// after a grace period.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int KeptLines = 400;

    private readonly Process process;
    private readonly Queue<string> lines = new();
    private readonly string readyLine;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, string readyLine)
    {
        this.process = process;
        this.readyLine = readyLine;
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c>; <paramref name="readyLine"/> is the output line that says it is up.</summary>
    public static ServiceProcess Start(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string readyLine)
    {
        var start = new ProcessStartInfo(Dotnet)
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

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, readyLine);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for the ready line; throws with the output when the process exits first or the time runs out.</summary>
    public async Task WaitUntilReadyAsync(string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(bounded.Token);
        try
        {
            if (await Task.WhenAny(ready.Task, exited) == exited)
            {
                await exited;
                throw new InvalidOperationException($"The {what} exited with code {process.ExitCode} before it was ready.\n{Output}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {what} was not ready within {timeout.TotalSeconds:0} s.\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }

        if (line.Contains(readyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    // POSIX kill(2): .NET can only send SIGKILL, which would give the sandbox no chance to stop its services.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
