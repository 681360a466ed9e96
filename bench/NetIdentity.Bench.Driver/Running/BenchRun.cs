using NetIdentity.Bench.Driver.Processes;
using NetIdentity.Bench.Driver.Reporting;
using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.Bench.Driver.Running;

/// <summary>
/// The driver's library entry point: runs each scenario of <see cref="BenchOptions.Scenarios"/>
/// against servers already running (warm-up, then the measured phase), and reports. The
/// command line (Program.cs) and the smoke test (bench/NetIdentity.Bench.Tests) both call it.
/// </summary>
public static class BenchRun
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var startedAt = DateTimeOffset.UtcNow;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = int.MaxValue,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = options.LoginTimeout };

        PersonaPool? personas = null;
        if (options.Scenarios.Any(s => s != ScenarioName.Baseline))
        {
            personas = await PersonaPool.LoadAsync(http, options.Authority, cancellationToken);
            progress?.WriteLine(personas.IsBenchSet
                ? $"Personas: {personas.Count} bench personas of the mock."
                : "Personas: the sandbox's own (adult, other-adult); start the sandbox with the bench's personas for distinct people (bench/README.md).");
        }

        var context = new LoginContext(options, http, personas);
        var results = new List<ScenarioResult>();
        foreach (var name in options.Scenarios)
        {
            progress?.WriteLine($"Scenario {ScenarioNames.Of(name)}: warming up ({options.Warmup} logins{(options.WarmupDuration is { } w ? $", at least {w.TotalSeconds:0} s" : string.Empty)}), then measuring…");
            results.Add(await RunScenarioAsync(name, context, cancellationToken));
        }

        return new BenchReport
        {
            Machine = MachineInfo.Current(),
            StartedAt = startedAt,
            Warmup = options.Warmup,
            WarmupSeconds = options.WarmupDuration?.TotalSeconds,
            Scenarios = results,
            Ratio = RatioOf(results),
        };
    }

    private static async Task<ScenarioResult> RunScenarioAsync(ScenarioName name, LoginContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        ILoginScenario scenario = name switch
        {
            ScenarioName.NetId => new AppLogin(context, consent: false),
            ScenarioName.Consent => new AppLogin(context, consent: true),
            ScenarioName.Other => new OtherWayLogin(context),
            _ => new BaselineLogin(context),
        };
        var runner = new LoadRunner(options, scenario);
        await runner.WarmUpAsync(cancellationToken);

        var processes = ProcessesOf(name, options);
        var consentBefore = context.ConsentPagesPosted;
        var cpuBefore = processes.Select(p => p.Pid is { } pid ? CpuTime.Of(pid) : null).ToArray();
        var elapsed = await runner.MeasureAsync(cancellationToken);
        var cpuAfter = processes.Select(p => p.Pid is { } pid ? CpuTime.Of(pid) : null).ToArray();

        var outcomes = runner.Outcomes;
        var completed = outcomes.Where(o => o.Error is null).ToList();
        var cpu = processes.Select((p, i) =>
        {
            double? seconds = cpuBefore[i] is { } before && cpuAfter[i] is { } after ? Math.Round((after - before).TotalSeconds, 3) : null;
            double? perLogin = seconds is { } s && completed.Count > 0 ? Math.Round(s * 1000 / completed.Count, 3) : null;
            return new ProcessCpu(p.Name, p.Pid, seconds, perLogin);
        }).ToList();

        return new ScenarioResult
        {
            Scenario = ScenarioNames.Of(name),
            Mode = options.Rate is null ? "closed" : "open",
            Concurrency = options.Concurrency,
            TargetRate = options.Rate,
            Completed = completed.Count,
            Failed = outcomes.Count - completed.Count,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            LoginsPerSecond = elapsed > TimeSpan.Zero ? Math.Round(completed.Count / elapsed.TotalSeconds, 2) : 0,
            Login = Latency.Of([.. completed.Select(o => o.Milliseconds)]),
            Steps = StepsOf(completed),
            Errors = outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Cpu = cpu,
            ConsentPagesPosted = name == ScenarioName.Consent ? context.ConsentPagesPosted - consentBefore : null,
        };
    }

    /// <summary>Each step's latency over the completed logins, in the order the steps first ran.</summary>
    private static List<StepResult> StepsOf(IReadOnlyCollection<LoginOutcome> completed)
    {
        var order = new List<string>();
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var outcome in completed)
        {
            foreach (var (step, milliseconds) in outcome.Record.Steps)
            {
                if (!samples.TryGetValue(step, out var list))
                {
                    samples[step] = list = [];
                    order.Add(step);
                }

                list.Add(milliseconds);
            }
        }

        return [.. order.Select(step => new StepResult(step, Latency.Of(samples[step])))];
    }

    /// <summary>The server processes a scenario exercises, each with its pid when known.</summary>
    /// <summary>
    /// The processes whose CPU a scenario reports: the server(s) it measures, then this driver
    /// (the person and the platform: on a 2-core machine its share bounds the logins/s too).
    /// </summary>
    private static List<(string Name, int? Pid)> ProcessesOf(ScenarioName name, BenchOptions options) => name == ScenarioName.Baseline
        ?
        [
            ("baseline", options.BaselinePid ?? ProcessFinder.ListeningOn(options.Baseline) ?? ProcessFinder.ByName("NetIdentity.Bench.Baseline")),
            ("driver", Environment.ProcessId),
        ]
        :
        [
            ("broker", options.BrokerPid ?? ProcessFinder.ListeningOn(options.Broker) ?? ProcessFinder.ByName("NetIdentity.Broker")),
            ("mock", options.MockPid ?? ProcessFinder.ListeningOn(options.Authority) ?? ProcessFinder.ByName("NetIdentity.MockAuthority")),
            ("driver", Environment.ProcessId),
        ];

    private static Ratio? RatioOf(IReadOnlyList<ScenarioResult> results)
    {
        var baseline = results.FirstOrDefault(r => r.Scenario == ScenarioNames.Of(ScenarioName.Baseline));
        var netId = results.FirstOrDefault(r => r.Scenario == ScenarioNames.Of(ScenarioName.NetId));
        if (baseline is null || netId is null || netId.LoginsPerSecond <= 0 || baseline.Login.P50 <= 0 || baseline.Login.P99 <= 0)
        {
            return null;
        }

        var netIdCpu = netId.Cpu.FirstOrDefault(c => c.Process == "broker")?.CpuMillisecondsPerLogin;
        var baselineCpu = baseline.Cpu.Count > 0 ? baseline.Cpu[0].CpuMillisecondsPerLogin : null;
        return new Ratio(
            netId.Scenario,
            Math.Round(baseline.LoginsPerSecond / netId.LoginsPerSecond, 2),
            Math.Round(netId.Login.P50 / baseline.Login.P50, 2),
            Math.Round(netId.Login.P99 / baseline.Login.P99, 2),
            netIdCpu is { } n && baselineCpu is { } b && b > 0 ? Math.Round(n / b, 2) : null);
    }
}
