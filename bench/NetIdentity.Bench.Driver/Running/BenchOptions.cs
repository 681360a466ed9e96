namespace NetIdentity.Bench.Driver.Running;

/// <summary>What one run of the driver does: which scenarios, how hard, against what.</summary>
public sealed record BenchOptions
{
    /// <summary>The scenarios, run one after another in this order.</summary>
    public IReadOnlyList<ScenarioName> Scenarios { get; init; } = [ScenarioName.NetId];

    /// <summary>Logins in flight at once (closed loop); with <see cref="Rate"/>, the most in flight.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Measured logins per scenario; ignored when <see cref="Duration"/> is set.</summary>
    public int Count { get; init; } = 200;

    /// <summary>Measure for this long per scenario instead of a count.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Logins run before measuring (JIT, connection pools, SQLite page cache), not reported.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>
    /// Keep warming up at least this long (and at least <see cref="Warmup"/> logins). The broker
    /// is a large program: .NET's tiered JIT keeps recompiling hot methods for a minute or more
    /// under load, and a run measured before that is over measures the JIT (docs/performance.md).
    /// </summary>
    public TimeSpan? WarmupDuration { get; init; }

    /// <summary>
    /// Measure in this many rounds: every scenario is warmed up first, then the scenarios take
    /// turns (A, B, A, B …), each turn <see cref="Duration"/> ÷ rounds long (or <see cref="Count"/>
    /// ÷ rounds logins), and each scenario's figures add its turns up. On a machine whose speed
    /// drifts from minute to minute, both sides of the ratio then sample the same minutes. 1: each
    /// scenario warmed up and measured in one piece, one after another.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Open loop: start this many logins per second whatever the answers (null: closed loop).</summary>
    public double? Rate { get; init; }

    public Uri Broker { get; init; } = new("http://127.0.0.1:5100/");

    public Uri Authority { get; init; } = new("http://127.0.0.1:5300/");

    /// <summary>The bare OpenIddict host of <c>bench/NetIdentity.Bench.Baseline</c>.</summary>
    public Uri Baseline { get; init; } = new("http://127.0.0.1:5400/");

    /// <summary>
    /// The platform the driver logs in as: the sandbox's secret-based script client (the demo
    /// forum itself is on FAPI 2.0 in the sandbox), with the forum's redirect URI.
    /// </summary>
    public string ClientId { get; init; } = "sandbox-script";

    public string ClientSecret { get; init; } = "sandbox-script-development-secret-0123456789";

    /// <summary>The demo forum's redirect URI as the sandbox registers it; never called, the code is read from the redirect.</summary>
    public Uri RedirectUri { get; init; } = new("http://127.0.0.1:5200/signin-oidc");

    /// <summary>Process ids whose CPU time is measured; null: found by the port each URL listens on.</summary>
    public int? BrokerPid { get; init; }

    public int? MockPid { get; init; }

    public int? BaselinePid { get; init; }

    /// <summary>
    /// The program name of the broker's database server when it runs on this machine
    /// (<c>postgres</c>): the CPU of all its processes is reported as each scenario's
    /// <c>database</c> row, so a PostgreSQL figure carries the work SQLite does inside the broker
    /// (and the baseline's row shows whether the server was still busy during its turns). Every process of that name counts, whoever it serves: keep the server otherwise
    /// idle. Null: not measured.
    /// </summary>
    public string? DatabaseProgram { get; init; }

    /// <summary>Where to write the JSON report (null: none).</summary>
    public string? JsonPath { get; init; }

    /// <summary>Give up on one login after this long (counted as an error "timeout").</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
