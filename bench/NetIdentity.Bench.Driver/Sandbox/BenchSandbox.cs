using System.Globalization;
using NetIdentity.Bench.Driver.Running;

namespace NetIdentity.Bench.Driver.Sandbox;

/// <summary>
/// The servers of a bench run, started by the bench itself on free ports: the sandbox (mock
/// authority + broker + demo platform on SQLite, as <c>dotnet run --project src/NetIdentity.Sandbox</c>
/// starts them, from an existing build) with the bench's
/// personas and the per-address limits raised (every bench login comes from 127.0.0.1), and the
/// baseline host. Everything lives in a temporary folder deleted at the end.
/// </summary>
public sealed class BenchSandbox : IAsyncDisposable
{
    /// <summary>The sandbox's banner line once all three services answer (src/NetIdentity.Sandbox/Banner.cs).</summary>
    private const string SandboxReady = "The NetIdentity sandbox is running";
    private const string BaselineReady = "Now listening on";
    private const string Unlimited = "100000000";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string dataDir;
    private readonly List<ServiceProcess> services = [];

    private BenchSandbox(string dataDir, int mockPort, int brokerPort, int platformPort, int baselinePort)
    {
        this.dataDir = dataDir;
        Mock = new Uri($"http://127.0.0.1:{Invariant(mockPort)}/");
        Broker = new Uri($"http://127.0.0.1:{Invariant(brokerPort)}/");
        Platform = new Uri($"http://127.0.0.1:{Invariant(platformPort)}/");
        Baseline = new Uri($"http://127.0.0.1:{Invariant(baselinePort)}/");
    }

    public Uri Mock { get; }

    public Uri Broker { get; }

    public Uri Platform { get; }

    public Uri Baseline { get; }

    /// <summary>The last lines each started program printed.</summary>
    public string Output => string.Join("\n", services.Select(s => s.Output));

    /// <summary><paramref name="options"/> pointed at these servers (their processes are found by port).</summary>
    public BenchOptions Apply(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Broker = Broker,
            Authority = Mock,
            Baseline = Baseline,
            RedirectUri = new Uri(Platform, "signin-oidc"),
            BrokerPid = null,
            MockPid = null,
            BaselinePid = null,
        };
    }

    /// <summary>
    /// Starts the sandbox and the baseline (both already built in <paramref name="configuration"/>)
    /// and waits until both answer. A free port can be taken between choosing and binding; the
    /// sandbox then says so and exits, and the start is tried again on other ports. With
    /// <paramref name="postgres"/>, the broker keeps its state in that PostgreSQL database instead
    /// of SQLite (the sandbox's <c>--postgres</c>; its tables are created on start).
    /// </summary>
    public static async Task<BenchSandbox> StartAsync(string repositoryRoot, string configuration, int personas, string? postgres, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(repositoryRoot, configuration, personas, postgres, cancellationToken);
            }
            catch (Exception exception) when (attempt < 3 && exception is InvalidOperationException or TimeoutException && exception.Message.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another attempt, on other ports.
            }
        }
    }

    private static async Task<BenchSandbox> StartOnceAsync(string repositoryRoot, string configuration, int personas, string? postgres, CancellationToken cancellationToken)
    {
        var sandboxDll = Built(repositoryRoot, configuration, "src", "NetIdentity.Sandbox");
        var baselineDll = Built(repositoryRoot, configuration, "bench", "NetIdentity.Bench.Baseline");
        var dataDir = Path.Combine(Path.GetTempPath(), "netid-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var ports = FreePorts.Take(4);
        var bench = new BenchSandbox(dataDir, ports[0], ports[1], ports[2], ports[3]);
        try
        {
            var personasFile = Path.Combine(dataDir, "personas.json");
            BenchPersonas.Write(Path.Combine(repositoryRoot, "mock-authority", "NetIdentity.MockAuthority", "personas.json"), personasFile, personas);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["MockAuthority__PersonasPath"] = personasFile,

                // Every bench login comes from 127.0.0.1: the per-address limits (Broker:AddressLimits,
                // Broker:OtherPath) would refuse a load test, not an attacker. Per-person and per-login
                // limits stay as configured.
                ["Broker__AddressLimits__SessionsPerAddress"] = Unlimited,
                ["Broker__AddressLimits__PollsPerAddress"] = Unlimited,
                ["Broker__OtherPath__AttemptsPerAddress"] = Unlimited,
                ["DemoPlatform__DataDirectory"] = Path.Combine(dataDir, "platform"),
            };
            List<string> sandboxArguments =
            [
                sandboxDll, "--no-build", "--configuration", configuration,
                "--mock-port", Invariant(ports[0]), "--broker-port", Invariant(ports[1]), "--platform-port", Invariant(ports[2]),
                "--data-dir", dataDir,
            ];
            if (postgres is not null)
            {
                sandboxArguments.AddRange(["--postgres", postgres]);
            }

            bench.services.Add(ServiceProcess.StartDotnet(
                "sandbox",
                sandboxArguments,
                repositoryRoot,
                environment,
                SandboxReady));
            bench.services.Add(ServiceProcess.StartDotnet(
                "baseline host",
                [baselineDll, "--urls", bench.Baseline.GetLeftPart(UriPartial.Authority)],
                Path.GetDirectoryName(baselineDll)!,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Baseline__DatabasePath"] = Path.Combine(dataDir, "baseline.db"),
                    ["Baseline__RedirectUri"] = new Uri(bench.Platform, "signin-oidc").ToString(),
                },
                BaselineReady));
            await bench.services[0].WaitUntilReadyAsync(StartTimeout, cancellationToken);
            await bench.services[1].WaitUntilReadyAsync(StartTimeout, cancellationToken);
            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        services.Clear();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left in the temporary folder; nothing in it is real data.
        }
    }

    /// <summary>The repository holding <c>NetIdentity.sln</c>, from the working directory up, then from this program up.</summary>
    public static string? FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "NetIdentity.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private static string Built(string root, string configuration, string folder, string project)
    {
        var dll = Path.Combine(root, folder, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build it first (dotnet build bench/NetIdentity.Bench.Driver -c {configuration} builds everything the bench starts).");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
