using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NetIdentity.Data.Sqlite;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks; it reads back with offset zero.</summary>
internal sealed class UtcTicksConverter : ValueConverter<DateTimeOffset, long>
{
    public UtcTicksConverter()
        : base(time => time.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero))
    {
    }
}
