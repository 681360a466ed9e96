namespace NetIdentity.Data.Model;

/// <summary>
/// How instants are stored, identically on both providers. PostgreSQL keeps <c>timestamptz</c> to
/// the microsecond; SQLite keeps UTC ticks (see <see cref="Sqlite.UtcTicksConverter"/>). Every time
/// is turned into UTC and cut to whole microseconds before it is stored, so what is read back from
/// either database equals what was written, to the tick. The audit chain depends on that: a hash is
/// computed over the stored time, and an auditor recomputes it from the row.
/// </summary>
internal static class StoredTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }
}
