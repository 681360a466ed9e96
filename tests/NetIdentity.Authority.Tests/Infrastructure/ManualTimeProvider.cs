namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>
/// A clock that stays where the test put it, so request timestamps are predictable. Timers
/// (the resilience pipeline's timeouts and delays) still run on real time: only the wall clock
/// is fixed. Polly takes this clock from DI too, so the circuit breaker's sampling window does
/// not slide during a test, which keeps the breaker test independent of the machine's speed, and
/// its break ends only when the test moves the clock on (<see cref="Advance"/>).
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
