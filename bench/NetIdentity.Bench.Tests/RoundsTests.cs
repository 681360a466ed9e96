using NetIdentity.Bench.Driver.Running;

namespace NetIdentity.Bench.Tests;

/// <summary>
/// <c>--rounds</c>: a scenario measured in turns adds its turns up, nothing lost and nothing
/// counted twice (the smoke test runs every scenario in two rounds against the sandbox).
/// </summary>
public sealed class RoundsTests
{
    [Fact]
    public async Task Measure_InTurnsOfACount_KeepsEveryTurnsLoginsAndAddsTheTimesUp()
    {
        var scenario = new CountingScenario();
        var runner = new LoadRunner(new BenchOptions { Concurrency = 2 }, scenario);

        var first = await runner.MeasureAsync(duration: null, count: 3, TestContext.Current.CancellationToken);
        var second = await runner.MeasureAsync(duration: null, count: 2, TestContext.Current.CancellationToken);

        Assert.Equal(5, scenario.Logins);
        Assert.Equal(5, runner.Outcomes.Count);
        Assert.All(runner.Outcomes, outcome => Assert.Null(outcome.Error));
        Assert.True(first > TimeSpan.Zero && second > TimeSpan.Zero);
    }

    [Fact]
    public async Task Measure_InTurnsOfADuration_RunsEachTurnForItsOwnTime()
    {
        var scenario = new CountingScenario();
        var runner = new LoadRunner(new BenchOptions { Concurrency = 2 }, scenario);

        var first = await runner.MeasureAsync(TimeSpan.FromMilliseconds(200), count: 0, TestContext.Current.CancellationToken);
        var afterFirst = runner.Outcomes.Count;
        var second = await runner.MeasureAsync(TimeSpan.FromMilliseconds(200), count: 0, TestContext.Current.CancellationToken);

        Assert.True(first >= TimeSpan.FromMilliseconds(200) && second >= TimeSpan.FromMilliseconds(200), $"{first}, {second}");
        Assert.True(afterFirst > 0 && runner.Outcomes.Count > afterFirst, $"{afterFirst} then {runner.Outcomes.Count}");
        Assert.Equal(scenario.Logins, runner.Outcomes.Count);
    }
}
