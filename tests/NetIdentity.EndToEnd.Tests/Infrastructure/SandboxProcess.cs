using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real sandbox as a process, <c>dotnet NetIdentity.Sandbox.dll --no-build …</c>, exactly as
/// a tester starts it, with its three services (its child processes). It is stopped as on
/// Ctrl-C, and whatever is still alive after that is killed: the sandbox, its children, and any
/// child that lost its parent.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    /// <summary>The banner's line once all three services answer <c>/healthz</c> (Banner.cs).</summary>
    public const string ReadyLine = "The NetIdentity sandbox is running";

    private const int SigTerm = 15;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(25);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder timedOutput = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(int Pid, string CommandLine)> descendants = [];

    private SandboxProcess(Process process, int mockPort, int brokerPort, int platformPort)
    {
        this.process = process;
        Mock = new Uri($"http://127.0.0.1:{mockPort}/");
        Broker = new Uri($"http://127.0.0.1:{brokerPort}/");
        Platform = new Uri($"http://127.0.0.1:{platformPort}/");
    }

    public Uri Mock { get; }

    public Uri Broker { get; }

    public Uri Platform { get; }

    /// <summary>Everything the sandbox and its services printed so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// The same lines, each with the time the tests read it (UTC): what the saved log holds, so that
    /// a failure can be set against the sandbox's events (the services do not time their lines).
    /// </summary>
    public string TimedOutput
    {
        get
        {
            lock (output)
            {
                return timedOutput.ToString();
            }
        }
    }

    /// <summary>The sandbox's own process and the services it started, as seen once it was ready.</summary>
    public IReadOnlyList<int> ProcessIds => [process.Id, .. descendants.Select(d => d.Pid)];

    /// <summary>
    /// Starts the sandbox on free ports and waits until it says it is ready and the three
    /// <c>/healthz</c> answer; throws with the sandbox's output when it does not within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<SandboxProcess> StartAsync(string dataDir, string? postgres, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sandboxDll = TestEnvironment.RepositoryPath("src", "NetIdentity.Sandbox", "bin", TestEnvironment.BuildConfiguration, "net10.0", "NetIdentity.Sandbox.dll");
        if (!File.Exists(sandboxDll))
        {
            throw new InvalidOperationException($"{sandboxDll} is missing: build the solution (dotnet build) in {TestEnvironment.BuildConfiguration} first.");
        }

        // Free ports can be taken between choosing and binding; the sandbox then says so and exits.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(3);
            var sandbox = Start(sandboxDll, ports[0], ports[1], ports[2], dataDir, postgres);
            try
            {
                await sandbox.WaitUntilReadyAsync(timeout, cancellationToken);
                return sandbox;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await sandbox.DisposeAsync();
                throw;
            }
            catch (Exception exception)
            {
                await sandbox.DisposeAsync();
                if (attempt < 3 && sandbox.Output.Contains("is already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"The sandbox did not start: {exception.Message}\n--- sandbox output ---\n{sandbox.Output}", exception);
            }
        }
    }

    /// <summary>
    /// Stops the sandbox as Ctrl-C does (SIGTERM: it stops its services gracefully); kills the
    /// whole tree if that takes longer than the grace period; then kills any service that
    /// outlived it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Append("[e2e] The sandbox did not stop within the grace period; killing its process tree.");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        foreach (var (pid, commandLine) in descendants)
        {
            // Only the very process recorded: same pid and same command line.
            if (CommandLineOf(pid) == commandLine)
            {
                Append($"[e2e] Service process {pid} outlived the sandbox; killing it.");
                try
                {
                    using var orphan = Process.GetProcessById(pid);
                    orphan.Kill(entireProcessTree: true);
                    await orphan.WaitForExitAsync(CancellationToken.None);
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
                {
                    // It ended in the meantime.
                }
            }
        }

        process.WaitForExit();
        process.Dispose();
    }

    private static SandboxProcess Start(string sandboxDll, int mockPort, int brokerPort, int platformPort, string dataDir, string? postgres)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        string[] arguments =
        [
            sandboxDll, "--no-build", "--configuration", TestEnvironment.BuildConfiguration,
            "--mock-port", Invariant(mockPort), "--broker-port", Invariant(brokerPort), "--platform-port", Invariant(platformPort),
            "--data-dir", dataDir,
        ];
        foreach (var argument in postgres is null ? arguments : [.. arguments, "--postgres", postgres])
        {
            start.ArgumentList.Add(argument);
        }

        // The forum keeps consented claims and received events in DemoPlatform:DataDirectory; the
        // sandbox puts it under --data-dir, and this says so explicitly (an environment value wins)
        // so nothing kept by an earlier run (or a developer's sandbox) shows on /me or /events,
        // and nothing this run keeps outlives it.
        start.Environment["DemoPlatform__DataDirectory"] = Path.Combine(dataDir, "platform");

        // A second platform, registered WITHOUT a legal basis: it may not ask for netid.identity.
        start.Environment["Platforms__2__ClientId"] = NoLegalBasisClientId;
        start.Environment["Platforms__2__ClientSecret"] = "forum-no-basis-secret-0123456789abcdefgh";
        start.Environment["Platforms__2__DisplayName__Zh"] = "无法律依据的论坛";
        start.Environment["Platforms__2__DisplayName__En"] = "Forum without a legal basis";
        start.Environment["Platforms__2__RedirectUris__0"] = NoLegalBasisRedirectUri(platformPort).ToString();
        start.Environment["Platforms__2__Scopes__0"] = "openid";
        start.Environment["Platforms__2__Scopes__1"] = "netid";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sandbox = new SandboxProcess(process, mockPort, brokerPort, platformPort);
        process.OutputDataReceived += (_, e) => sandbox.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => sandbox.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sandbox;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(bounded.Token);
        try
        {
            var first = await Task.WhenAny(ready.Task, exited);
            if (first == exited)
            {
                await exited;
                throw new InvalidOperationException($"it exited with code {process.ExitCode} before it was ready.");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var service in new[] { Mock, Broker, Platform })
            {
                using var health = await http.GetAsync(new Uri(service, "healthz"), bounded.Token);
                if (health.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{service}healthz answered {(int)health.StatusCode} after the banner.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"it was not ready within {timeout.TotalSeconds:0} s.");
        }

        descendants = Descendants(process.Id);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Append(line);
        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private void Append(string line)
    {
        lock (output)
        {
            output.AppendLine(line);
            timedOutput.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff ", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(line);
        }
    }

    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The client id of the platform the sandbox registers without a legal basis.</summary>
    public const string NoLegalBasisClientId = "forum-no-basis";

    public static Uri NoLegalBasisRedirectUri(int platformPort) => new($"http://127.0.0.1:{Invariant(platformPort)}/no-basis-callback");

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every live descendant of <paramref name="root"/>, from <c>/proc</c> (Linux).</summary>
    private static List<(int Pid, string CommandLine)> Descendants(int root)
    {
        var found = new List<(int, string)>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var child in ChildrenOf(parent))
            {
                if (CommandLineOf(child) is { } commandLine)
                {
                    found.Add((child, commandLine));
                    queue.Enqueue(child);
                }
            }
        }

        return found;
    }

    private static List<int> ChildrenOf(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateDirectories(tasks)
                .Select(task => Path.Combine(task, "children"))
                .Where(File.Exists)
                .SelectMany(children => File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse)
                .Distinct()
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The process's command line, or null when there is no such process.</summary>
    internal static string? CommandLineOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline");
            return text.Length == 0 ? null : text.Replace('\0', ' ').TrimEnd();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // POSIX kill(2): .NET can only send SIGKILL, which would give the sandbox no chance to stop its services.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
