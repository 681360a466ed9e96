namespace NetIdentity.Data.Limits;

/// <summary>A row of <c>shared_counters</c>: an opaque key, its count, and when its window ends (Unix milliseconds, compared the same way on every provider).</summary>
internal sealed class SharedCounterRecord
{
    public required string Key { get; init; }

    public long Hits { get; set; }

    public long ExpiresAt { get; set; }
}
