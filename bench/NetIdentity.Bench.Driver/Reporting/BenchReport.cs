using System.Runtime.InteropServices;

namespace NetIdentity.Bench.Driver.Reporting;

/// <summary>The whole run: where it ran, each scenario, and the ratio to the bare code flow.</summary>
public sealed record BenchReport
{
    public required MachineInfo Machine { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Logins run before measuring each scenario, not counted.</summary>
    public required int Warmup { get; init; }

    /// <summary>The least time each scenario warmed up for (<c>--warmup-duration</c>), in seconds; null when not set.</summary>
    public double? WarmupSeconds { get; init; }

    /// <summary>How many turns each scenario was measured in (<c>--rounds</c>); 1: in one piece.</summary>
    public int Rounds { get; init; } = 1;

    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    /// <summary>NetIdentity's 网号 login against the bare code flow measured in the same run; null without both.</summary>
    public Ratio? Ratio { get; init; }
}

/// <summary>
/// "NetIdentity login / bare code flow": how many times the bare flow's throughput is NetIdentity's
/// (<see cref="Throughput"/> = baseline logins/s ÷ netid logins/s), and how many times longer and
/// costlier a NetIdentity login is (p50, p99, server CPU per login).
/// </summary>
public sealed record Ratio(string Scenario, double Throughput, double P50, double P99, double? CpuPerLogin);

/// <summary>The machine, so figures can be compared only with figures from a like one.</summary>
public sealed record MachineInfo(int Processors, string Os, string Runtime, long? MemoryMegabytes)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        MemoryMegabytesOrNull());

    private static long? MemoryMegabytesOrNull()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(kilobytes, System.Globalization.CultureInfo.InvariantCulture, out var kb) ? kb / 1024 : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
