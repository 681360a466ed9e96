using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NetIdentity.Bench.Driver.Sandbox;

/// <summary>
/// A program started as a real process (the sandbox and the baseline host of the bench; the mock
/// authority, the broker instances and HAProxy of the scale-out tests), with its last output lines
/// kept for a failure message. When disposed it is stopped as its <see cref="ServiceStop"/> says: as on
/// Ctrl-C (SIGTERM, then the whole tree killed after a grace period), or killed at once like a
/// crashed machine.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int KeptLines = 400;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(25);

    private readonly Process process;
    private readonly Queue<string> lines = new();
    private readonly string name;
    private readonly string? readyLine;
    private readonly ServiceStop stop;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, string name, string? readyLine, ServiceStop stop)
    {
        this.process = process;
        this.name = name;
        this.readyLine = readyLine;
        this.stop = stop;
    }

    /// <summary>The .NET host to start a built assembly with: the one running this code under <c>dotnet test</c>/<c>run</c>, else <c>dotnet</c> on the PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote (standard output and error), oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>The last lines under a heading with the process's name, for a failure message.</summary>
    public string Output => $"--- {name} ---\n" + string.Join('\n', Lines);

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c>, stopped as on Ctrl-C; <paramref name="readyLine"/> is the output line that says it is up.</summary>
    /// <param name="name">What the process is, in its <see cref="Output"/> and in errors.</param>
    /// <param name="arguments">The assembly and its arguments.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables set on top of this process's environment.</param>
    /// <param name="readyLine">The output line that says it is ready (<see cref="WaitUntilReadyAsync"/>).</param>
    public static ServiceProcess StartDotnet(string name, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string readyLine) =>
        Start(name, Dotnet, arguments, workingDirectory, environment, ServiceStop.Graceful, readyLine);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    /// <param name="name">What the process is, in its <see cref="Output"/> and in errors.</param>
    /// <param name="fileName">The program (<see cref="Dotnet"/> for a built assembly).</param>
    /// <param name="arguments">Its arguments, each passed as one.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables set on top of this process's environment.</param>
    /// <param name="stop">How <see cref="DisposeAsync"/> ends it.</param>
    /// <param name="readyLine">The output line that says it is ready, if <see cref="WaitUntilReadyAsync"/> is used.</param>
    public static ServiceProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        ServiceStop stop,
        string? readyLine = null)
    {
        var start = new ProcessStartInfo(fileName)
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
        var service = new ServiceProcess(process, name, readyLine, stop);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for the ready line; throws with the output when the process exits first or the time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (readyLine is null)
        {
            throw new InvalidOperationException($"The {name} was started without a ready line to wait for.");
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(bounded.Token);
        try
        {
            if (await Task.WhenAny(ready.Task, exited) == exited)
            {
                await exited;
                throw new InvalidOperationException($"The {name} exited with code {process.ExitCode} before it was ready.\n{Output}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {name} was not ready within {timeout.TotalSeconds:0} s.\n{Output}");
        }
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        await process.WaitForExitAsync(bounded.Token);

        // The parameterless wait also waits for the redirected output to be read to its end.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Kills the process and its children at once, as a crash or a lost machine would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stop == ServiceStop.Kill)
        {
            Kill();
        }
        else if (!process.HasExited)
        {
            _ = SendSignal(process.Id, SigTerm);
            using var grace = new CancellationTokenSource(Grace);
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

        if (readyLine is not null && line.Contains(readyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    // POSIX kill(2): .NET can only send SIGKILL, which would give the sandbox no chance to stop its services.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>How a <see cref="ServiceProcess"/> is ended when disposed.</summary>
internal enum ServiceStop
{
    /// <summary>SIGTERM, as on Ctrl-C, so it can stop what it started; killed if still running after a grace period.</summary>
    Graceful,

    /// <summary>Killed at once with its children, no shutdown: what a test of a crash wants, and the quickest clean-up.</summary>
    Kill,
}
