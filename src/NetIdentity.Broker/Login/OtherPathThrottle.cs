using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Per-ID-number limits of the other way: a lock-out after too many <em>failed</em> attempts in a
/// window, with a clear message, and growing delays after each mismatch. An attempt counts from
/// the moment it asks the authority and is forgiven only when its login ends verified, so a person
/// who logs in often is never locked out, while mismatches, codes sent but never entered (SMS
/// flooding of the number's phone) and failed face checks all count. Keys are derived from the
/// person's keyed-hash key, never the number. Per address and per login the ASP.NET Core rate
/// limiter does the same (see <see cref="OtherPathRateLimiting"/>). Limits are per instance.
/// </summary>
public sealed class OtherPathThrottle(IOptions<OtherPathOptions> options, IMemoryCache cache)
{
    private readonly OtherPathOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
    private readonly Lock _gate = new();

    /// <summary>The throttle key of a person: their key for the broker itself (a keyed hash of the document).</summary>
    public static string KeyFor(string personKey) => "other-path:" + personKey;

    /// <summary>
    /// Takes one attempt for the number, counted as a failure until <see cref="Forgive"/>;
    /// <c>false</c> when its failures in the window have reached the limit (lock-out).
    /// </summary>
    public bool TryAcquire(string key)
    {
        var window = Window(key + ":unproven");
        lock (window)
        {
            if (window.Count >= _options.AttemptsPerIdNumber)
            {
                return false;
            }

            window.Count++;
            return true;
        }
    }

    /// <summary>The attempt ended in a verified login: it was not a failure, give it back; the delays start again from zero.</summary>
    public void Forgive(string key)
    {
        if (cache.TryGetValue<Counter>(key + ":unproven", out var window) && window is not null)
        {
            lock (window)
            {
                window.Count = Math.Max(0, window.Count - 1);
            }
        }

        cache.Remove(key + ":mismatches");
    }

    /// <summary>How long to wait before answering, growing with the number's recent mismatches: 0, 1, 2, 4, 8 s.</summary>
    public TimeSpan DelayFor(string key)
    {
        var mismatches = cache.TryGetValue<Counter>(key + ":mismatches", out var counter) && counter is not null ? Volatile.Read(ref counter.Count) : 0;
        return mismatches == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, mismatches - 1), _options.MaximumDelay.TotalSeconds));
    }

    public void RecordMismatch(string key)
    {
        var counter = Window(key + ":mismatches");
        Interlocked.Increment(ref counter.Count);
    }

    /// <summary>A fixed window from the first attempt: the counter expires <see cref="OtherPathOptions.Window"/> after it was made.</summary>
    private Counter Window(string key)
    {
        // GetOrCreate alone may make two counters for one key under concurrency; one would be lost.
        lock (_gate)
        {
            return cache.GetOrCreate(key, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = _options.Window;
                return new Counter();
            })!;
        }
    }

    private sealed class Counter
    {
        public int Count;
    }
}
