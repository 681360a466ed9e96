using System.Globalization;
using System.Runtime.InteropServices;

namespace NetIdentity.Bench.Driver.Processes;

/// <summary>
/// A process's CPU time so far (user + system), from <c>/proc/{pid}/stat</c> (proc(5): fields 14
/// <c>utime</c> and 15 <c>stime</c>, in clock ticks). Linux only; null elsewhere or when the
/// process is gone.
/// </summary>
public static class CpuTime
{
    private const int ScClkTck = 2;

    private static readonly Lazy<long> TicksPerSecond = new(() =>
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (DllNotFoundException)
        {
            return 100;
        }
        catch (EntryPointNotFoundException)
        {
            return 100;
        }
    });

    public static TimeSpan? Of(int pid) => Read(pid) is { } stat ? Parse(stat).Used : null;

    /// <summary>
    /// The CPU time of every process whose command name (<c>comm</c>, field 2 of its stat: the
    /// program's file name, at most 15 characters, unchanged when a server retitles its
    /// processes as PostgreSQL does) is <paramref name="program"/>, by pid. Empty when none runs.
    /// </summary>
    public static Dictionary<int, TimeSpan> OfProgram(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        var found = new Dictionary<int, TimeSpan>();
        foreach (var pid in ProcessFinder.Running())
        {
            if (Read(pid) is { } stat
                && Parse(stat) is { Name: var name, Used: { } used }
                && string.Equals(name, program, StringComparison.Ordinal))
            {
                found[pid] = used;
            }
        }

        return found;
    }

    private static string? Read(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The command name and the CPU time of one <c>/proc/{pid}/stat</c> line.</summary>
    internal static (string Name, TimeSpan? Used) Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses: it
        // runs from the first '(' to the last ')', and the fields are counted from its end.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 > stat.Length)
        {
            return (string.Empty, null);
        }

        var name = stat[(open + 1)..close];
        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return (name, null);
        }

        return (name, TimeSpan.FromSeconds((double)(user + system) / TicksPerSecond.Value));
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
