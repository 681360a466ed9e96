using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetIdentity.Bench.Driver.Reporting;

/// <summary>The report as a table for people and as JSON for machines.</summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);

    public static BenchReport? FromJson(string json) => JsonSerializer.Deserialize<BenchReport>(json, Json);

    public static void WriteTable(BenchReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var m = report.Machine;
        output.WriteLine($"Machine: {m.Processors} processors, {F(m.MemoryMegabytes)} MB, {m.Os}, {m.Runtime}. Warm-up: {report.Warmup} logins per scenario{(report.WarmupSeconds is { } w ? $", at least {F(w)} s" : string.Empty)}.{(report.Rounds > 1 ? $" Measured in {report.Rounds} rounds, the scenarios taking turns." : string.Empty)}");
        foreach (var s in report.Scenarios)
        {
            output.WriteLine();
            var mode = s.Mode == "open" ? $"open loop at {F(s.TargetRate)} logins/s, at most {s.Concurrency} in flight" : $"closed loop, {s.Concurrency} in flight";
            output.WriteLine($"== {s.Scenario} ({mode}) ==");
            output.WriteLine($"  completed {s.Completed}, failed {s.Failed} in {F(s.ElapsedSeconds)} s: {F(s.LoginsPerSecond)} logins/s");
            output.WriteLine($"  {"step",-14} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}");
            Row(output, "whole login", s.Login);
            foreach (var step in s.Steps)
            {
                Row(output, "  " + step.Step, step.Latency);
            }

            foreach (var cpu in s.Cpu)
            {
                var what = cpu.Program is { } program ? $"every '{program}' process" : $"pid {cpu.Pid}";
                output.WriteLine(cpu.CpuSeconds is null
                    ? $"  CPU {cpu.Process}: not measured (process not found; pass --{cpu.Process}-pid)"
                    : $"  CPU {cpu.Process} ({what}): {F(cpu.CpuSeconds)} s, {F(cpu.CpuMillisecondsPerLogin)} ms per login");
            }

            if (s.ConsentPagesPosted is { } posted)
            {
                output.WriteLine($"  consent pages posted: {posted}");
            }

            output.WriteLine(s.Errors.Count == 0 ? "  errors: none" : "  errors: " + string.Join(", ", s.Errors.Select(e => $"{e.Key} ×{e.Value}")));
        }

        if (report.Ratio is { } r)
        {
            output.WriteLine();
            output.WriteLine($"NetIdentity {r.Scenario} login / bare code flow: throughput ÷{F(r.Throughput)}, p50 ×{F(r.P50)}, p99 ×{F(r.P99)}, server CPU per login ×{F(r.CpuPerLogin)}");
        }
    }

    private static void Row(TextWriter output, string name, Latency latency) =>
        output.WriteLine($"  {name,-14} {F(latency.P50),9} {F(latency.P95),9} {F(latency.P99),9} {F(latency.Max),9}");

    private static string F(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "n/a";

    private static string F(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "n/a";
}
