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

    public static TimeSpan? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count from its end.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return TimeSpan.FromSeconds((double)(user + system) / TicksPerSecond.Value);
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
