using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    /// <summary>
    /// <paramref name="time"/>, normalized, as a parameter of raw SQL on <paramref name="database"/>'s
    /// provider: raw SQL bypasses the model's value converters, so it is passed as each provider
    /// stores it: UTC ticks on SQLite (<see cref="Sqlite.UtcTicksConverter"/>), <c>timestamptz</c>
    /// on PostgreSQL.
    /// </summary>
    public static object ForRawSql(DatabaseFacade database, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(database);
        var stored = Normalize(time);
        return database.IsSqlite() ? stored.UtcTicks : stored;
    }
}
