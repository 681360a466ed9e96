using System.Collections.Concurrent;
using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>
/// Every session ever opened, in memory. Keeping them all keeps each bizSeq single-use for the
/// life of the process (contract §1: fresh for every transaction). The mock treats a bizSeq as
/// unique across all organisations, which is stricter than per organisation.
/// </summary>
internal sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, VerificationSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Sequence, SignedEnvelope Credential)> _lastPass = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Adds a new session; <c>false</c> if its bizSeq was ever used (A0409001).</summary>
    public bool TryAdd(VerificationSession session) => _sessions.TryAdd(session.BizSeq, session);

    public VerificationSession? Find(string bizSeq) => _sessions.GetValueOrDefault(bizSeq);

    /// <summary>The session, if it belongs to <paramref name="orgId"/> (otherwise it does not exist for them).</summary>
    public VerificationSession? Find(string orgId, string bizSeq) =>
        Find(bizSeq) is { } session && session.OrgId == orgId ? session : null;

    public IReadOnlyList<VerificationSession> Pending(DateTimeOffset now) =>
        [.. _sessions.Values.Where(s => s.IsPendingAt(now)).OrderBy(s => s.CreatedAt).ThenBy(s => s.BizSeq, StringComparer.Ordinal)];

    /// <summary>Remembers a genuine, validly signed passing credential: what the <c>replayed</c> persona replays.</summary>
    public void RecordPass(string orgId, SignedEnvelope credential)
    {
        var entry = (Interlocked.Increment(ref _sequence), credential);
        _lastPass.AddOrUpdate(orgId, entry, (_, old) => old.Sequence > entry.Item1 ? old : entry);
    }

    public SignedEnvelope? LastPass(string orgId) =>
        _lastPass.TryGetValue(orgId, out var entry) ? entry.Credential : null;
}
