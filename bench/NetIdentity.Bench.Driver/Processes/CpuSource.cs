namespace NetIdentity.Bench.Driver.Processes;

/// <summary>
/// What one CPU row of a report measures: one process (the broker, the mock, the baseline, the
/// driver), or every process of one program name (a database server on the same machine:
/// PostgreSQL runs a process per connection, started and ended as the pool decides).
/// </summary>
public sealed record CpuSource
{
    private CpuSource(string name, int? pid, string? program)
    {
        Name = name;
        Pid = pid;
        Program = program;
    }

    /// <summary>The row's name in the report.</summary>
    public string Name { get; }

    /// <summary>The one process measured; null for a program's processes, or when the process was not found.</summary>
    public int? Pid { get; }

    /// <summary>The program (<c>/proc/{pid}/comm</c>) whose processes are all measured; null for one process.</summary>
    public string? Program { get; }

    /// <summary>Whether there is anything to measure (a program's row is measured even while it has no process).</summary>
    public bool IsKnown => Pid is not null || Program is not null;

    public static CpuSource OneProcess(string name, int? pid) => new(name, pid, program: null);

    public static CpuSource EveryProcessOf(string name, string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        return new(name, pid: null, program);
    }

    /// <summary>The CPU time of each process measured, by pid; null when the one process is gone or unreadable.</summary>
    public IReadOnlyDictionary<int, TimeSpan>? Sample()
    {
        if (Program is not null)
        {
            return CpuTime.OfProgram(Program);
        }

        return Pid is { } pid && CpuTime.Of(pid) is { } used ? new Dictionary<int, TimeSpan> { [pid] = used } : null;
    }

    /// <summary>
    /// The CPU used between two samples: each process's growth, and the whole time of a process
    /// that started in between (a new database connection). A process that ended in between is
    /// lost with what it used since <paramref name="before"/>: a pooled connection rarely ends.
    /// </summary>
    public static TimeSpan? Between(IReadOnlyDictionary<int, TimeSpan>? before, IReadOnlyDictionary<int, TimeSpan>? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var used = TimeSpan.Zero;
        foreach (var (pid, now) in after)
        {
            var then = before.TryGetValue(pid, out var earlier) && earlier <= now ? earlier : TimeSpan.Zero;
            used += now - then;
        }

        return used;
    }
}
