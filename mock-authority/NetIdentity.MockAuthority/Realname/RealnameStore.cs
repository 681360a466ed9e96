using System.Collections.Concurrent;

namespace NetIdentity.MockAuthority.Realname;

/// <summary>Real-name verifications by requestId, in memory.</summary>
internal sealed class RealnameStore
{
    private readonly ConcurrentDictionary<string, RealnameVerification> _verifications = new(StringComparer.Ordinal);

    public void Add(RealnameVerification verification) => _verifications[verification.RequestId] = verification;

    /// <summary>The verification, if it belongs to <paramref name="orgId"/> (A0404001 otherwise).</summary>
    public RealnameVerification? Find(string orgId, string requestId) =>
        _verifications.TryGetValue(requestId, out var verification) && verification.OrgId == orgId ? verification : null;
}

/// <summary>A one-time code as the simulated SMS gateway sent it.</summary>
internal sealed record SentCode(string Phone, string Code, DateTimeOffset SentAt);

/// <summary>
/// The simulated SMS outbox: the last code sent to each phone, readable only through the tester
/// API (<c>GET /tester/otp/{phone}</c>). Codes are never logged.
/// </summary>
internal sealed class OtpOutbox
{
    private readonly ConcurrentDictionary<string, SentCode> _lastByPhone = new(StringComparer.Ordinal);

    public void Send(SentCode code) => _lastByPhone[code.Phone] = code;

    public SentCode? Last(string phone) => _lastByPhone.GetValueOrDefault(phone);
}
