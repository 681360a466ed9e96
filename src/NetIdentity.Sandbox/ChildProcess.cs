using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NetIdentity.Sandbox;

/// <summary>
/// One service running as <c>dotnet &lt;assembly&gt; --urls …</c> in its project folder, with each
/// output line prefixed by its name. One process per service (no <c>dotnet run</c> in between),
/// so stopping it cannot leave a grandchild behind.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private static readonly Lock ConsoleLock = new();

    private readonly Process process;
    private readonly string prefix;

    private ChildProcess(ChildSpec spec, Process process, string prefix)
    {
        Spec = spec;
        this.process = process;
        this.prefix = prefix;
    }

    public ChildSpec Spec { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Completes when the process ends.</summary>
    public Task Exited => process.WaitForExitAsync();

    public static ChildProcess Start(ChildSpec spec, string assembly, int nameWidth)
    {
        var start = new ProcessStartInfo(Repository.Dotnet)
        {
            ArgumentList = { assembly, "--urls", spec.BaseUrl.GetLeftPart(UriPartial.Authority) },
            WorkingDirectory = spec.ContentRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // The sandbox is a development setup by definition; the mock refuses anything else.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(spec, process, Prefix(spec.Name, nameWidth));
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{spec.Title} did not start.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as on Ctrl-C: the host shuts down gracefully), and kills
    /// its whole tree if it has not stopped after <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(process.Id, SigTerm);
        }

        using var timeout = new CancellationTokenSource(OperatingSystem.IsWindows() ? TimeSpan.Zero : grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Ends the process and its descendants at once (the last resort, also at exit).</summary>
    public void KillTree()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in the meantime.
        }
    }

    public void Dispose() => process.Dispose();

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (ConsoleLock)
        {
            Console.Out.WriteLine(prefix + line);
        }
    }

    /// <summary>Writes a line of the sandbox's own, not interleaved with a child's.</summary>
    public static void WriteLine(string text)
    {
        lock (ConsoleLock)
        {
            Console.Out.WriteLine(text);
        }
    }

    private static string Prefix(string name, int width)
    {
        var label = $"[{name.PadRight(width)}] ";
        if (Console.IsOutputRedirected)
        {
            return label;
        }

        var color = name switch { "mock" => "35", "broker" => "36", _ => "33" };
        return $"\u001b[{color}m{label}\u001b[0m";
    }

    // POSIX kill(2): .NET can only send SIGKILL (Process.Kill), which gives the host no chance to shut down.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
