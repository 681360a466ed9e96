using System.CommandLine;
using System.Globalization;
using NetIdentity.Bench.Driver.Reporting;
using NetIdentity.Bench.Driver.Running;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.Bench.Driver;

/// <summary>The command line: every option maps onto <see cref="BenchOptions"/> (bench/README.md lists them).</summary>
internal static class DriverCommand
{
    public static RootCommand Create()
    {
        var defaults = new BenchOptions();
        var scenario = new Option<string[]>("--scenario", "-s")
        {
            Description = "netid, other, consent, baseline, or all (netid other consent baseline); repeat or list several. Default: netid baseline.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["netid", "baseline"],
        };
        scenario.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (value != "all" && !ScenarioNames.TryParse(value, out _))
                {
                    result.AddError($"Unknown scenario '{value}': use netid, other, consent, baseline or all.");
                }
            }
        });
        var concurrency = Positive(new Option<int>("--concurrency", "-c") { Description = "Logins in flight at once (with --rate: the most in flight).", DefaultValueFactory = _ => defaults.Concurrency });
        var count = Positive(new Option<int>("--count", "-n") { Description = "Measured logins per scenario (unless --duration).", DefaultValueFactory = _ => defaults.Count });
        var duration = new Option<double?>("--duration", "-d") { Description = "Measure each scenario for this many seconds instead of --count." };
        var warmup = new Option<int>("--warmup", "-w") { Description = "Logins per scenario run before measuring, not reported.", DefaultValueFactory = _ => defaults.Warmup };
        var warmupDuration = new Option<double?>("--warmup-duration") { Description = "Keep warming up each scenario at least this many seconds (the JIT recompiles hot methods for a minute or more under load; 60–120 for figures)." };
        var rounds = Positive(new Option<int>("--rounds") { Description = "Warm every scenario up, then measure in this many rounds, the scenarios taking turns (each turn --duration or --count ÷ rounds), so that both sides of the ratio sample the same minutes of a drifting machine.", DefaultValueFactory = _ => defaults.Rounds });
        var rate = new Option<double?>("--rate", "-r") { Description = "Open loop: start this many logins per second on a fixed schedule (latency counted from the schedule)." };
        var broker = new Option<Uri>("--broker") { Description = "The broker's base URL.", DefaultValueFactory = _ => defaults.Broker };
        var authority = new Option<Uri>("--authority") { Description = "The mock authority's base URL (its tester API approves in place of the app).", DefaultValueFactory = _ => defaults.Authority };
        var baseline = new Option<Uri>("--baseline") { Description = "The bare OpenIddict host's base URL (bench/NetIdentity.Bench.Baseline).", DefaultValueFactory = _ => defaults.Baseline };
        var redirectUri = new Option<Uri>("--redirect-uri") { Description = "The demo forum's redirect URI as the sandbox registered it.", DefaultValueFactory = _ => defaults.RedirectUri };
        var clientId = new Option<string>("--client-id") { Description = "The platform's client id.", DefaultValueFactory = _ => defaults.ClientId };
        var clientSecret = new Option<string>("--client-secret") { Description = "The platform's client secret.", DefaultValueFactory = _ => defaults.ClientSecret };
        var brokerPid = new Option<int?>("--broker-pid") { Description = "The broker's process id, for its CPU time (default: the process listening on --broker's port)." };
        var mockPid = new Option<int?>("--mock-pid") { Description = "The mock authority's process id (default: found by --authority's port)." };
        var baselinePid = new Option<int?>("--baseline-pid") { Description = "The baseline host's process id (default: found by --baseline's port)." };
        var databaseProgram = new Option<string?>("--database-program") { Description = "The program name of the broker's database server on this machine (postgres): the CPU of all its processes is reported as each scenario's 'database' row. With --start-sandbox --postgres: postgres unless given." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var startSandbox = new Option<bool>("--start-sandbox") { Description = "Start the sandbox and the baseline on free ports (built in --configuration), run, stop them. Ignores the URL and pid options." };
        var configuration = new Option<string>("--configuration") { Description = "With --start-sandbox: the build to start.", DefaultValueFactory = _ => "Release" };
        var personas = new Option<int>("--personas") { Description = "With --start-sandbox: how many bench personas the mock gets.", DefaultValueFactory = _ => 3000 };
        var postgres = new Option<string?>("--postgres") { Description = "With --start-sandbox: run the broker on PostgreSQL with this connection string (a database of its own: its tables are created on start) instead of SQLite." };

        var root = new RootCommand("Runs complete NetIdentity logins over HTTP against a running sandbox, and the bare code flow against the baseline host; reports logins/s, latency percentiles of each step, errors by code, and server CPU per login.")
        {
            scenario, concurrency, count, duration, warmup, warmupDuration, rounds, rate, broker, authority, baseline, redirectUri, clientId, clientSecret,
            brokerPid, mockPid, baselinePid, databaseProgram, json, startSandbox, configuration, personas, postgres,
        };

        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BenchOptions
            {
                Scenarios = Scenarios(parse.GetValue(scenario) ?? []),
                Concurrency = parse.GetValue(concurrency),
                Count = parse.GetValue(count),
                Duration = parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Warmup = Math.Max(0, parse.GetValue(warmup)),
                WarmupDuration = parse.GetValue(warmupDuration) is { } warmupSeconds and > 0 ? TimeSpan.FromSeconds(warmupSeconds) : null,
                Rounds = parse.GetValue(rounds),
                Rate = parse.GetValue(rate),
                Broker = parse.GetValue(broker)!,
                Authority = parse.GetValue(authority)!,
                Baseline = parse.GetValue(baseline)!,
                RedirectUri = parse.GetValue(redirectUri)!,
                ClientId = parse.GetValue(clientId)!,
                ClientSecret = parse.GetValue(clientSecret)!,
                BrokerPid = parse.GetValue(brokerPid),
                MockPid = parse.GetValue(mockPid),
                BaselinePid = parse.GetValue(baselinePid),
                DatabaseProgram = parse.GetValue(databaseProgram)
                    ?? (parse.GetValue(startSandbox) && parse.GetValue(postgres) is not null ? "postgres" : null),
                JsonPath = parse.GetValue(json),
            };
            return await RunAsync(options, parse.GetValue(startSandbox), parse.GetValue(configuration)!, parse.GetValue(personas), parse.GetValue(postgres), cancellationToken);
        });
        return root;
    }

    private static async Task<int> RunAsync(BenchOptions options, bool startSandbox, string configuration, int personas, string? postgres, CancellationToken cancellationToken)
    {
        BenchSandbox? sandbox = null;
        try
        {
            if (startSandbox)
            {
                var repository = BenchSandbox.FindRepository();
                if (repository is null)
                {
                    await Console.Error.WriteLineAsync("bench: cannot find NetIdentity.sln here or above; run from inside the repository.");
                    return 2;
                }

                Console.WriteLine($"Starting the sandbox and the baseline host ({configuration}, {personas} bench personas, {(postgres is null ? "SQLite" : "PostgreSQL")})…");
                sandbox = await BenchSandbox.StartAsync(repository, configuration, personas, postgres, cancellationToken);
                options = sandbox.Apply(options);
                Console.WriteLine($"Broker {options.Broker}, mock {options.Authority}, baseline {options.Baseline}.");
            }

            var report = await BenchRun.RunAsync(options, Console.Out, cancellationToken);
            Console.WriteLine();
            ReportWriter.WriteTable(report, Console.Out);
            if (options.JsonPath is { } path)
            {
                await File.WriteAllTextAsync(path, ReportWriter.ToJson(report), cancellationToken);
                Console.WriteLine($"JSON report: {Path.GetFullPath(path)}");
            }

            return report.Scenarios.Any(s => s.Failed > 0) ? 1 : 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync("bench: " + exception.Message);
            return 2;
        }
        finally
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }
        }
    }

    private static List<ScenarioName> Scenarios(IEnumerable<string> values)
    {
        var names = new List<ScenarioName>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                names.AddRange(Enum.GetValues<ScenarioName>());
            }
            else if (ScenarioNames.TryParse(value, out var name))
            {
                names.Add(name);
            }
        }

        return [.. names.Distinct()];
    }

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least 1."));
            }
        });
        return option;
    }
}
