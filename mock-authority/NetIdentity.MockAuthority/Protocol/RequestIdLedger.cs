using System.Collections.Concurrent;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>Every requestId ever used, across guardianship checks and real-name verifications (contract §1: single use).</summary>
internal sealed class RequestIdLedger
{
    private readonly ConcurrentDictionary<string, byte> _used = new(StringComparer.Ordinal);

    /// <summary><c>false</c> when the requestId was used before (A0409001).</summary>
    public bool TryUse(string requestId) => _used.TryAdd(requestId, 0);
}
