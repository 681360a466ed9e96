namespace NetIdentity.Data.Protocol;

/// <summary>One row of <c>replay_entries</c>: a hash of what was used, and until when it is kept.</summary>
internal sealed class ReplayEntryRecord
{
    /// <summary>SHA-256 in lower-case hex of the purpose and the value: the value itself is never stored.</summary>
    public required string Key { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}
