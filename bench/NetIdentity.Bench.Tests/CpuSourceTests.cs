using NetIdentity.Bench.Driver.Processes;

namespace NetIdentity.Bench.Tests;

/// <summary>
/// The CPU rows of a report: one process read from <c>/proc/{pid}/stat</c>, or every process of
/// one program (PostgreSQL's server and a process per connection, for the <c>database</c> row).
/// </summary>
public sealed class CpuSourceTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Between_AddsEachProcesssGrowth_AndAllOfAProcessStartedInBetween()
    {
        var before = new Dictionary<int, TimeSpan> { [10] = 5 * Second, [11] = 2 * Second };
        var after = new Dictionary<int, TimeSpan> { [10] = 7 * Second, [11] = 2 * Second, [12] = 3 * Second };

        Assert.Equal(5 * Second, CpuSource.Between(before, after));
    }

    [Fact]
    public void Between_LosesAProcessThatEndedInBetween_AndCountsAReusedPidFromZero()
    {
        // pid 10 ended; pid 11 ended and a new process took its number with less time than the old one had.
        var before = new Dictionary<int, TimeSpan> { [10] = 5 * Second, [11] = 4 * Second };
        var after = new Dictionary<int, TimeSpan> { [11] = 1 * Second };

        Assert.Equal(1 * Second, CpuSource.Between(before, after));
    }

    [Fact]
    public void Between_WhenEitherSampleIsMissing_IsNotMeasured()
    {
        var sample = new Dictionary<int, TimeSpan> { [10] = Second };

        Assert.Null(CpuSource.Between(null, sample));
        Assert.Null(CpuSource.Between(sample, null));
    }

    [Fact]
    public void Parse_ACommandNameWithSpacesAndParentheses_ReadsUserPlusSystemTime()
    {
        var (name, used) = CpuTime.Parse(Stat("odd) name (x", user: 250, system: 50));
        var (_, twice) = CpuTime.Parse(Stat("odd) name (x", user: 100, system: 500));

        Assert.Equal("odd) name (x", name);
        Assert.NotNull(used);
        Assert.True(used > TimeSpan.Zero);
        Assert.Equal(2 * used, twice);
    }

    [Fact]
    public void Parse_ALineWithoutTheTimeFields_IsNotMeasured()
    {
        Assert.Null(CpuTime.Parse("4242 (short) S 1 2").Used);
        Assert.Null(CpuTime.Parse("garbage").Used);
    }

    [Fact]
    public void EveryProcessOf_ThisTestsOwnProgram_FindsThisProcessAndItsTime()
    {
        Assert.SkipUnless(File.Exists("/proc/self/comm"), "Needs Linux's /proc.");
        var program = File.ReadAllText("/proc/self/comm").TrimEnd('\n');
        var source = CpuSource.EveryProcessOf("self", program);

        var sample = source.Sample();

        Assert.NotNull(sample);
        Assert.True(sample.TryGetValue(Environment.ProcessId, out var used) && used > TimeSpan.Zero, $"'{program}': {string.Join(", ", sample.Keys)}");
        Assert.Null(source.Pid);
        Assert.True(source.IsKnown);
    }

    [Fact]
    public void OneProcess_NotFound_IsNotMeasured()
    {
        var source = CpuSource.OneProcess("broker", pid: null);

        Assert.False(source.IsKnown);
        Assert.Null(source.Sample());
    }

    /// <summary>A <c>/proc/{pid}/stat</c> line (proc(5)): pid (comm) state, then fields 4 to 22; utime is field 14, stime 15, in clock ticks.</summary>
    private static string Stat(string comm, int user, int system) =>
        $"4242 ({comm}) S " + string.Join(' ', Enumerable.Range(4, 19).Select(n => n switch { 14 => user, 15 => system, _ => 0 }));
}
