namespace NetIdentity.Bench.Driver.Reporting;

/// <summary>What one scenario measured (the JSON report's <c>scenarios[]</c>; bench/README.md explains each field).</summary>
public sealed record ScenarioResult
{
    public required string Scenario { get; init; }

    /// <summary><c>closed</c> (a fixed number of logins in flight) or <c>open</c> (a fixed arrival rate).</summary>
    public required string Mode { get; init; }

    public required int Concurrency { get; init; }

    /// <summary>The arrival rate asked for, logins/s (open loop only).</summary>
    public double? TargetRate { get; init; }

    /// <summary>Logins that ended with tokens.</summary>
    public required int Completed { get; init; }

    /// <summary>Logins that did not (each counted under <see cref="Errors"/>).</summary>
    public required int Failed { get; init; }

    /// <summary>Wall-clock time of the measured phase, seconds.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Completed logins per second of wall-clock time.</summary>
    public required double LoginsPerSecond { get; init; }

    /// <summary>A whole login, authorization request to tokens, completed logins only (open loop: from its scheduled start).</summary>
    public required Latency Login { get; init; }

    /// <summary>Each step, in the order a login runs them.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }

    /// <summary>Failed logins by NI code, OAuth error, <c>HTTP nnn</c>, <c>timeout</c> or <c>connection</c>.</summary>
    public required IReadOnlyDictionary<string, int> Errors { get; init; }

    /// <summary>CPU time per process over the measured phase.</summary>
    public required IReadOnlyList<ProcessCpu> Cpu { get; init; }

    /// <summary>Consent pages shown and agreed to (consent scenario; a consent is remembered per person and platform).</summary>
    public int? ConsentPagesPosted { get; init; }
}

/// <summary>One step's latency, in milliseconds.</summary>
public sealed record StepResult(string Step, Latency Latency);

/// <summary>
/// A process's CPU time (user + system) over the measured phase, and per completed login. Null
/// figures: the process was not found (no <c>--*-pid</c> and nothing listening on the URL's port).
/// </summary>
public sealed record ProcessCpu(string Process, int? Pid, double? CpuSeconds, double? CpuMillisecondsPerLogin)
{
    /// <summary>For a row that adds up every process of a program (the database server): that program's name.</summary>
    public string? Program { get; init; }
}
