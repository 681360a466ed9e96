using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.Bench.Driver.Running;

/// <summary>One measured login: its whole time, its steps, and its error code when it failed.</summary>
internal sealed record LoginOutcome(double Milliseconds, LoginRecord Record, string? Error);
