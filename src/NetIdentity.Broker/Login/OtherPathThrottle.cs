using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NetIdentity.Core.Subjects;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Per-ID-number limits of the other way: a fixed window of attempts, then a lock-out with a
/// clear message, and growing delays after each failure. Keys are keyed hashes of the number,
/// never the number. Per address and per login the ASP.NET Core rate limiter does the same
/// (see <see cref="OtherPathRateLimiting"/>). Limits are per instance.
/// </summary>
public sealed class OtherPathThrottle : IDisposable
{
    private const string Sector = "netidentity.throttle";
    private readonly PartitionedRateLimiter<string> _perIdNumber;
    private readonly IMemoryCache _failures;
    private readonly PairwiseSubjects _keys;
    private readonly OtherPathOptions _options;

    public OtherPathThrottle(IOptions<OtherPathOptions> options, PairwiseSubjects keys, IMemoryCache failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _keys = keys;
        _failures = failures;
        _perIdNumber = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.AttemptsPerIdNumber,
            Window = _options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public string KeyFor(string idType, string idNumber) => _keys.ForIdentityDocument(Sector, idType, idNumber);

    /// <summary>Takes one attempt for the number; <c>false</c> when its attempts are used up (lock-out).</summary>
    public bool TryAcquire(string key)
    {
        using var lease = _perIdNumber.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    /// <summary>How long to wait before answering, growing with the number's recent failures: 0, 1, 2, 4, 8 s.</summary>
    public TimeSpan DelayFor(string key)
    {
        var failures = _failures.TryGetValue<int>(key, out var count) ? count : 0;
        return failures == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - 1), _options.MaximumDelay.TotalSeconds));
    }

    public void RecordFailure(string key)
    {
        var failures = _failures.TryGetValue<int>(key, out var count) ? count : 0;
        _failures.Set(key, failures + 1, _options.Window);
    }

    public void RecordSuccess(string key) => _failures.Remove(key);

    public void Dispose() => _perIdNumber.Dispose();
}
