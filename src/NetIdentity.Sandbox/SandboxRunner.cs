using System.Data.Common;
using System.Runtime.InteropServices;

namespace NetIdentity.Sandbox;

/// <summary>
/// Builds the three services, starts them, waits until each is healthy, prints the banner, and
/// stops them all on Ctrl-C, SIGTERM or SIGHUP, or when one of them dies.
/// </summary>
internal sealed class SandboxRunner(Repository repository, SandboxOptions options) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource stopping = new();
    private readonly List<ChildProcess> children = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private int signals;

    public async Task<int> RunAsync()
    {
        var dataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(repository.Root, ".sandbox"));
        try
        {
            Directory.CreateDirectory(dataDir);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Fail($"Cannot use {dataDir} for the sandbox's data: {exception.Message} Choose another with --data-dir PATH.", 2);
        }

        var database = ChildSpec.DatabasePath(dataDir);
        var databaseDescription = options.Postgres is null ? database : "PostgreSQL " + PostgresDescription(options.Postgres);
        DemoPlatformKey demoKey;
        try
        {
            demoKey = DemoPlatformKey.LoadOrCreate(dataDir);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return Fail($"Cannot use the demo forum's key {Path.Combine(dataDir, DemoPlatformKey.FileName)}: {exception.Message} Delete it to make a new one.", 2);
        }

        var specs = ChildSpec.All(repository, options, dataDir, demoKey);

        using var signalHandlers = HandleSignals();
        if (Ports.FindTaken(specs) is { } taken)
        {
            return Fail(taken, 2);
        }

        try
        {
            var assemblies = await PrepareAsync(specs);
            if (assemblies is null)
            {
                return 1;
            }

            if (Ports.FindTaken(specs) is { } takenSince)
            {
                return Fail(takenSince, 2);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => children.ForEach(child => child.KillTree());
            var width = specs.Max(spec => spec.Name.Length);
            foreach (var spec in specs)
            {
                children.Add(ChildProcess.Start(spec, assemblies[spec.Name], width));
            }

            var problems = await Task.WhenAll(children.Select(child => HealthWait.UntilHealthyAsync(http, child, StartTimeout, stopping.Token)));
            if (problems.FirstOrDefault(problem => problem is not null) is { } problem)
            {
                await StopAllAsync();
                return Fail(problem, 1);
            }

            ChildProcess.WriteLine(await Banner.BuildAsync(http, specs, databaseDescription, stopping.Token));
            return await RunUntilStoppedAsync();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await StopAllAsync();
            ChildProcess.WriteLine("Stopped before the sandbox was up. 已停止。");
            return 0;
        }
    }

    public void Dispose()
    {
        children.ForEach(child => child.Dispose());
        http.Dispose();
        stopping.Dispose();
    }

    /// <summary>Builds (unless <c>--no-build</c>) and finds each service's assembly; null after a failure, already reported.</summary>
    private async Task<Dictionary<string, string>?> PrepareAsync(IReadOnlyList<ChildSpec> specs)
    {
        if (!options.NoBuild)
        {
            foreach (var spec in specs)
            {
                ChildProcess.WriteLine($"Building the {spec.Title} ({Path.GetRelativePath(repository.Root, spec.Project)})…");
                if (!await Repository.BuildAsync(spec.Project, options.Configuration, stopping.Token))
                {
                    Fail($"The {spec.Title} does not build (see the errors above). Fix them, then run the sandbox again.", 1);
                    return null;
                }
            }
        }

        var paths = await Task.WhenAll(specs.Select(spec => Repository.TargetPathAsync(spec.Project, options.Configuration, stopping.Token)));
        var assemblies = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < specs.Count; i++)
        {
            if (paths[i] is not { } path)
            {
                Fail($"The {specs[i].Title} has not been built ({specs[i].Project}). Run the sandbox without --no-build.", 1);
                return null;
            }

            assemblies[specs[i].Name] = path;
        }

        return assemblies;
    }

    private async Task<int> RunUntilStoppedAsync()
    {
        var stopped = Task.Delay(Timeout.Infinite, stopping.Token);
        var first = await Task.WhenAny(children.Select(child => child.Exited).Append(stopped));
        if (first == stopped)
        {
            ChildProcess.WriteLine("Stopping the sandbox… 正在停止…");
            await StopAllAsync();
            ChildProcess.WriteLine("Stopped. 已停止。");
            return 0;
        }

        var died = children.First(child => child.HasExited);
        await StopAllAsync();
        return Fail($"The {died.Spec.Title} stopped unexpectedly (exit code {died.ExitCode}); the others were stopped too. Its output above ([{died.Spec.Name}]) says why.", 1);
    }

    private Task StopAllAsync() => Task.WhenAll(children.Select(child => child.StopAsync(StopGrace)));

    /// <summary>The first signal stops gracefully; a second one kills at once.</summary>
    private CompositeDisposable HandleSignals()
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1)
            {
                children.ForEach(child => child.KillTree());
            }

            stopping.Cancel();
        }

        return new CompositeDisposable(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal));
    }

    /// <summary>Where the PostgreSQL database is, for the banner: never the password.</summary>
    private static string PostgresDescription(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            string[] shown = ["Host", "Port", "Database", "Username"];
            return string.Join(';', shown.Where(builder.ContainsKey).Select(key => $"{key}={builder[key]}"));
        }
        catch (ArgumentException)
        {
            return "(connection string not shown)";
        }
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine();
        Console.Error.WriteLine("sandbox: " + message);
        return exitCode;
    }

    private sealed class CompositeDisposable(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
