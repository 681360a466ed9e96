using System.Diagnostics;
using NetIdentity.Bench.Driver.Running;

namespace NetIdentity.Bench.Tests;

/// <summary>
/// The warm-up runs at least its count and, with <c>--warmup-duration</c>, at least its time:
/// figures taken while the JIT still recompiles the broker measure the JIT (docs/performance.md).
/// </summary>
public sealed class WarmUpTests
{
    [Fact]
    public async Task WarmUp_WithACountOnly_RunsExactlyThatManyLogins()
    {
        var scenario = new CountingScenario();
        var runner = new LoadRunner(new BenchOptions { Warmup = 7, Concurrency = 3 }, scenario);

        await runner.WarmUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, scenario.Logins);
        Assert.Empty(runner.Outcomes);
    }

    [Fact]
    public async Task WarmUp_WithADuration_KeepsGoingPastTheCountUntilTheTimeIsUp()
    {
        var scenario = new CountingScenario();
        var runner = new LoadRunner(new BenchOptions { Warmup = 1, Concurrency = 2, WarmupDuration = TimeSpan.FromMilliseconds(300) }, scenario);
        var started = Stopwatch.GetTimestamp();

        await runner.WarmUpAsync(TestContext.Current.CancellationToken);

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
        Assert.True(scenario.Logins > 1, $"{scenario.Logins} logins");
        Assert.Empty(runner.Outcomes);
    }
}
