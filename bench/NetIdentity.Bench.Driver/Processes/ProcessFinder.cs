using System.Globalization;

namespace NetIdentity.Bench.Driver.Processes;

/// <summary>
/// Finds the process that serves a URL: the one holding the listening socket of its port
/// (<c>/proc/net/tcp*</c> gives the socket's inode, <c>/proc/*/fd</c> who holds it). By port
/// first, because other sandboxes (an end-to-end test run) may be running the same programs on
/// the same machine; by name only when the port gives nothing. Linux only; null when not found.
/// </summary>
public static class ProcessFinder
{
    private const string Listen = "0A";

    public static int? ListeningOn(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var inodes = ListeningInodes(url.Port);
        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var pid in Running())
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to look at.
            }
        }

        return null;
    }

    /// <summary>
    /// The one process running <paramref name="program"/> (<c>dotnet …/Program.dll</c> or its
    /// apphost), when the port gave nothing; null when none or several do (then say which with a
    /// <c>--*-pid</c> option).
    /// </summary>
    public static int? ByName(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        var found = new List<int>();
        foreach (var pid in Running())
        {
            if (pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (arguments.Take(2).Any(a => Path.GetFileName(a) is var name && (name == program + ".dll" || name == program)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to look at.
            }
        }

        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The ids of the processes running now (the numbered folders of <c>/proc</c>); none where there is no <c>/proc</c>.</summary>
    internal static List<int> Running()
    {
        var pids = new List<int>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No /proc: nothing to find.
        }

        return pids;
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (columns.Length > 9 && columns[1].EndsWith(hexPort, StringComparison.Ordinal) && columns[3] == Listen)
                    {
                        inodes.Add(columns[9]);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // No such table (no IPv6).
            }
        }

        return inodes;
    }
}
