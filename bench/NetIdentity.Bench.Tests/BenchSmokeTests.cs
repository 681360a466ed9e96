using System.Reflection;
using System.Text.Json;
using Npgsql;
using NetIdentity.Bench.Driver.Processes;
using NetIdentity.Bench.Driver.Reporting;
using NetIdentity.Bench.Driver.Running;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.Bench.Tests;

/// <summary>
/// The benchmark cannot rot (issue 10 §1): the real sandbox and the baseline host as processes,
/// the driver's library entry point for a handful of logins of every scenario, zero errors, and
/// a report with every field. No timing is asserted: CI machines are shared and noisy.
/// </summary>
public sealed class BenchSmokeTests
{
    private const int Logins = 5;

    private static readonly ScenarioName[] All = Enum.GetValues<ScenarioName>();

    [Fact]
    public async Task Driver_EveryScenarioAgainstTheSandbox_CompletesEveryLoginAndReportsEveryField()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await BenchSandbox.StartAsync(Metadata("RepositoryRoot"), Metadata("BuildConfiguration"), personas: 40, postgres: null, ct);
        // Two rounds: every scenario warmed up, then measured in turns (A, B, … A, B, …), as the figures are.
        var options = sandbox.Apply(new BenchOptions { Scenarios = All, Count = Logins, Warmup = 1, Concurrency = 2, Rounds = 2 });

        // Act
        var report = await BenchRun.RunAsync(options, progress: null, ct);

        // Assert
        var json = JsonDocument.Parse(ReportWriter.ToJson(report)).RootElement;
        Assert.Equal(All.Length, report.Scenarios.Count);
        Assert.Equal(2, report.Rounds);
        foreach (var scenario in report.Scenarios)
        {
            Assert.True(scenario.Failed == 0 && scenario.Errors.Count == 0, $"{scenario.Scenario}: {string.Join(", ", scenario.Errors)}\n{sandbox.Output}");
            Assert.Equal(Logins, scenario.Completed);
            Assert.Equal(Logins, scenario.Login.Samples);
            Assert.True(scenario.LoginsPerSecond > 0, scenario.Scenario);
            Assert.Contains(scenario.Steps, s => s.Step == "authorize");
            Assert.Contains(scenario.Steps, s => s.Step == "token");
            Assert.All(scenario.Cpu, cpu => Assert.True(cpu.Pid is not null && cpu.CpuSeconds is not null && cpu.CpuMillisecondsPerLogin is not null, $"{scenario.Scenario}: CPU of {cpu.Process} not measured"));
        }

        Assert.Equal(Logins, report.Scenarios.Single(s => s.Scenario == "consent").ConsentPagesPosted);
        Assert.Equal(["approve", "status"], report.Scenarios.Single(s => s.Scenario == "netid").Steps.Select(s => s.Step).Where(s => s is "approve" or "status"));
        Assert.Contains(report.Scenarios.Single(s => s.Scenario == "other").Steps, s => s.Step == "read-otp");
        Assert.NotNull(report.Ratio);
        AssertFields(json, "machine", "startedAt", "warmup", "rounds", "scenarios", "ratio");
        AssertFields(json.GetProperty("ratio"), "scenario", "throughput", "p50", "p99", "cpuPerLogin");
        foreach (var scenario in json.GetProperty("scenarios").EnumerateArray())
        {
            AssertFields(scenario, "scenario", "mode", "concurrency", "completed", "failed", "elapsedSeconds", "loginsPerSecond", "login", "steps", "errors", "cpu");
            AssertFields(scenario.GetProperty("login"), "samples", "mean", "p50", "p95", "p99", "max");
        }
    }

    /// <summary>
    /// The PostgreSQL figures of docs/performance.md come from the same driver with
    /// <c>--postgres</c>: a few logins on a database of the test's own, so that path cannot rot
    /// either. Needs <c>NETIDENTITY_TEST_POSTGRES</c>; skipped without it, except under CI=true.
    /// </summary>
    [Fact]
    public async Task Driver_NetIdLoginsWithTheBrokerOnPostgreSql_CompleteEveryLogin()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var server = RequirePostgres();
        var database = "netid_bench_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            await using var sandbox = await BenchSandbox.StartAsync(Metadata("RepositoryRoot"), Metadata("BuildConfiguration"), personas: 40, connectionString, ct);
            var options = sandbox.Apply(new BenchOptions { Scenarios = [ScenarioName.NetId], Count = Logins, Warmup = 1, Concurrency = 2, DatabaseProgram = "postgres" });

            // Act
            var report = await BenchRun.RunAsync(options, progress: null, ct);

            // Assert
            var netId = Assert.Single(report.Scenarios);
            Assert.True(netId.Failed == 0 && netId.Errors.Count == 0, $"{string.Join(", ", netId.Errors)}\n{sandbox.Output}");
            Assert.Equal(Logins, netId.Completed);
            Assert.Contains(netId.Cpu, cpu => cpu.Process == "broker" && cpu.CpuMillisecondsPerLogin is not null);
            var databaseCpu = Assert.Single(netId.Cpu, cpu => cpu.Process == "database");
            Assert.Equal("postgres", databaseCpu.Program);
            Assert.NotNull(databaseCpu.CpuSeconds);
            if (new NpgsqlConnectionStringBuilder(server).Host is "127.0.0.1" or "localhost")
            {
                // A server on this machine: its processes are there to be measured.
                Assert.NotEmpty(CpuTime.OfProgram("postgres"));
            }
        }
        finally
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }
    }

    private static string RequirePostgres()
    {
        const string Variable = "NETIDENTITY_TEST_POSTGRES";
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        var message = $"PostgreSQL not available: set {Variable}, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " CI=true, so this fails instead of skipping.");
        }

        Assert.Skip(message);
        return null!;
    }

    private static void AssertFields(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null, $"The report has no '{name}' in {element}");
        }
    }

    private static string Metadata(string key) =>
        typeof(BenchSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
