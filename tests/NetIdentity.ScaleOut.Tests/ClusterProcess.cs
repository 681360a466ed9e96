using System.Diagnostics;
using System.Text;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// One program of the cluster (the mock authority, a broker instance, HAProxy) as a real
/// process: its last output lines are kept for failure messages; it can be killed like a crashed
/// machine (<see cref="Kill"/>, no graceful shutdown).
/// </summary>
internal sealed class ClusterProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> lines = new();
    private readonly string name;

    private ClusterProcess(string name, Process process)
    {
        this.name = name;
        this.process = process;
    }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote (standard output and error).</summary>
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

    public string Output
    {
        get
        {
            lock (lines)
            {
                return $"--- {name} ---\n" + string.Join('\n', lines);
            }
        }
    }

    public static ClusterProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
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
        var child = new ClusterProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Kills the process at once, as a crash or a lost machine would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        await process.WaitForExitAsync(bounded.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
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
            while (lines.Count > 200)
            {
                lines.Dequeue();
            }
        }
    }
}
