using System.Collections.Concurrent;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// Wakes this instance's long polls (RFC 8936 §2.4, <c>returnImmediately: false</c>) when an event
/// is queued on their stream here. An event queued by another instance is found by the poll's own
/// check every <c>Broker:OutboxPollInterval</c>: the signal only makes the common case immediate.
/// </summary>
internal sealed class PollWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims the one long poll this instance holds for <paramref name="streamId"/>; false when
    /// another is held already (flooding: each held poll asks the database every outbox interval),
    /// and that poll answers at once instead. <see cref="Release"/> when done.
    /// </summary>
    public bool TryHold(string streamId) => _held.TryAdd(streamId, 0);

    /// <summary>Ends the long poll claimed with <see cref="TryHold"/>.</summary>
    public void Release(string streamId) => _held.TryRemove(streamId, out _);

    /// <summary>A task that completes at the next <see cref="Signal"/> for <paramref name="streamId"/>.</summary>
    public Task NextAsync(string streamId) =>
        _waiting.GetOrAdd(streamId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>An event was queued on <paramref name="streamId"/>: wake whoever waits for it.</summary>
    public void Signal(string streamId)
    {
        if (_waiting.TryRemove(streamId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
