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
        var measured = options.Scenarios.Select(name => new Measured(name, context)).ToList();
        var rounds = Math.Max(options.Rounds, 1);
        if (rounds == 1)
        {
            foreach (var scenario in measured)
            {
                progress?.WriteLine($"Scenario {ScenarioNames.Of(scenario.Name)}: warming up ({WarmUpText(options)}), then measuring…");
                await scenario.Runner.WarmUpAsync(cancellationToken);
                await scenario.MeasureTurnAsync(options.Duration, options.Count, cancellationToken);
            }
        }
        else
        {
            foreach (var scenario in measured)
            {
                progress?.WriteLine($"Scenario {ScenarioNames.Of(scenario.Name)}: warming up ({WarmUpText(options)})…");
                await scenario.Runner.WarmUpAsync(cancellationToken);
            }

            progress?.WriteLine($"Measuring in {rounds} rounds, the scenarios taking turns…");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var scenario in measured)
                {
                    // The count is shared out as evenly as it goes: the first (Count % rounds) turns take one more.
                    var count = (options.Count / rounds) + (round < options.Count % rounds ? 1 : 0);
                    await scenario.MeasureTurnAsync(options.Duration / rounds, count, cancellationToken);
                }
            }
        }

        var results = measured.Select(scenario => scenario.Result()).ToList();
        return new BenchReport
        {
            Machine = MachineInfo.Current(),
            StartedAt = startedAt,
            Warmup = options.Warmup,
            WarmupSeconds = options.WarmupDuration?.TotalSeconds,
            Rounds = rounds,
            Scenarios = results,
            Ratio = RatioOf(results),
        };
    }

    private static string WarmUpText(BenchOptions options) =>
        $"{options.Warmup} logins{(options.WarmupDuration is { } w ? $", at least {w.TotalSeconds:0} s" : string.Empty)}";

    /// <summary>One scenario's runner and what its measured turns add up to: wall-clock time and each process's CPU.</summary>
    private sealed class Measured
    {
        private readonly LoginContext context;
        private readonly List<CpuSource> processes;
        private readonly TimeSpan?[] cpu;
        private TimeSpan elapsed;
        private int consentPages;

        public Measured(ScenarioName name, LoginContext context)
        {
            this.context = context;
            Name = name;
            ILoginScenario scenario = name switch
            {
                ScenarioName.NetId => new AppLogin(context, consent: false),
                ScenarioName.Consent => new AppLogin(context, consent: true),
                ScenarioName.Other => new OtherWayLogin(context),
                _ => new BaselineLogin(context),
            };
            Runner = new LoadRunner(context.Options, scenario);
            processes = ProcessesOf(name, context.Options);
            cpu = processes.Select(p => p.IsKnown ? TimeSpan.Zero : (TimeSpan?)null).ToArray();
        }

        public ScenarioName Name { get; }

        public LoadRunner Runner { get; }

        /// <summary>One measured turn; its time, its consent pages and the CPU each process used during it are added up.</summary>
        public async Task MeasureTurnAsync(TimeSpan? duration, int count, CancellationToken cancellationToken)
        {
            var consentBefore = context.ConsentPagesPosted;
            var before = processes.Select(p => p.Sample()).ToArray();
            elapsed += await Runner.MeasureAsync(duration, count, cancellationToken);
            var after = processes.Select(p => p.Sample()).ToArray();
            consentPages += context.ConsentPagesPosted - consentBefore;
            for (var i = 0; i < processes.Count; i++)
            {
                cpu[i] = cpu[i] is { } sum && CpuSource.Between(before[i], after[i]) is { } used ? sum + used : null;
            }
        }

        public ScenarioResult Result()
        {
            var options = context.Options;
            var outcomes = Runner.Outcomes;
            var completed = outcomes.Where(o => o.Error is null).ToList();
            var cpuResults = processes.Select((p, i) =>
            {
                double? seconds = cpu[i] is { } used ? Math.Round(used.TotalSeconds, 3) : null;
                double? perLogin = seconds is { } s && completed.Count > 0 ? Math.Round(s * 1000 / completed.Count, 3) : null;
                return new ProcessCpu(p.Name, p.Pid, seconds, perLogin) { Program = p.Program };
            }).ToList();

            return new ScenarioResult
            {
                Scenario = ScenarioNames.Of(Name),
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
                Cpu = cpuResults,
                ConsentPagesPosted = Name == ScenarioName.Consent ? consentPages : null,
            };
        }
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

    /// <summary>
    /// The processes whose CPU a scenario reports: the server(s) it measures, the broker's
    /// database server when it runs on this machine (<see cref="BenchOptions.DatabaseProgram"/>;
    /// for the baseline too, which does not use it), then this driver (the person and the
    /// platform: on a 2-core machine its share bounds the logins/s too).
    /// </summary>
    private static List<CpuSource> ProcessesOf(ScenarioName name, BenchOptions options)
    {
        List<CpuSource> processes = name == ScenarioName.Baseline
            ?
            [
                CpuSource.OneProcess("baseline", options.BaselinePid ?? ProcessFinder.ListeningOn(options.Baseline) ?? ProcessFinder.ByName("NetIdentity.Bench.Baseline")),
            ]
            :
            [
                CpuSource.OneProcess("broker", options.BrokerPid ?? ProcessFinder.ListeningOn(options.Broker) ?? ProcessFinder.ByName("NetIdentity.Broker")),
                CpuSource.OneProcess("mock", options.MockPid ?? ProcessFinder.ListeningOn(options.Authority) ?? ProcessFinder.ByName("NetIdentity.MockAuthority")),
            ];

        // The baseline does not use the broker's database, but during its turns the server could
        // still be working off the broker's writes (autovacuum, checkpoints) on the same cores:
        // reported, so that a slower baseline in a PostgreSQL run can be told from drift
        // (measured idle there: docs/performance.md, fifth round).
        if (options.DatabaseProgram is { } database)
        {
            processes.Add(CpuSource.EveryProcessOf("database", database));
        }

        processes.Add(CpuSource.OneProcess("driver", Environment.ProcessId));
        return processes;
    }

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
