using System.Collections.Concurrent;

namespace NetIdentity.Client;

/// <summary>
/// Remembers which events were handled, by issuer and <c>jti</c>, so an event delivered again
/// (delivery is at least once, RFC 8935 §2) is acknowledged without being acted on twice: a
/// replayed withdrawal must not delete what the person consented to keep after it. The default,
/// <see cref="InMemoryNetIdentityEventDeduplicator"/>, lives in one process: a platform running
/// several instances registers one backed by a store they share (a database table with a unique
/// key, Redis <c>SET NX</c>), before or after <c>AddNetIdentity</c>.
/// </summary>
public interface INetIdentityEventDeduplicator
{
    /// <summary>Records the event as being handled; false when it was recorded before (and not forgotten).</summary>
    /// <param name="issuer">The token's <c>iss</c>.</param>
    /// <param name="jti">The token's <c>jti</c>.</param>
    /// <param name="keepUntil">How long to remember it at least.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    ValueTask<bool> TryRecordAsync(string issuer, string jti, DateTimeOffset keepUntil, CancellationToken cancellationToken);

    /// <summary>Forgets an event whose handling failed, so its next delivery is acted on.</summary>
    /// <param name="issuer">The token's <c>iss</c>.</param>
    /// <param name="jti">The token's <c>jti</c>.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    ValueTask ForgetAsync(string issuer, string jti, CancellationToken cancellationToken);
}

/// <summary>
/// The default <see cref="INetIdentityEventDeduplicator"/>: in this process's memory, each
/// <c>jti</c> until its <c>keepUntil</c>. Enough for one instance; several instances need a shared one.
/// </summary>
/// <param name="time">The clock that expires entries.</param>
public sealed class InMemoryNetIdentityEventDeduplicator(TimeProvider time) : INetIdentityEventDeduplicator
{
    private readonly ConcurrentDictionary<(string Issuer, string Jti), DateTimeOffset> _seen = new();
    private long _recorded;

    /// <inheritdoc />
    public ValueTask<bool> TryRecordAsync(string issuer, string jti, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(jti);
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _recorded) % 256 == 0)
        {
            foreach (var entry in _seen)
            {
                if (entry.Value < now)
                {
                    _seen.TryRemove(entry);
                }
            }
        }

        var key = (issuer, jti);
        while (true)
        {
            if (_seen.TryAdd(key, keepUntil))
            {
                return ValueTask.FromResult(true);
            }

            // An entry past its time is as good as none: take its place, unless another request just did.
            if (_seen.TryGetValue(key, out var until) && until < now)
            {
                if (_seen.TryUpdate(key, keepUntil, until))
                {
                    return ValueTask.FromResult(true);
                }

                continue;
            }

            return ValueTask.FromResult(false);
        }
    }

    /// <inheritdoc />
    public ValueTask ForgetAsync(string issuer, string jti, CancellationToken cancellationToken)
    {
        _seen.TryRemove((issuer, jti), out _);
        return ValueTask.CompletedTask;
    }
}
