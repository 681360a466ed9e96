namespace NetIdentity.Core.Protocol;

/// <summary>
/// What the broker has seen once and must refuse the second time, on every instance at once: a
/// client assertion's <c>jti</c> (RFC 7523 §3 item 7), a DPoP proof's <c>jti</c> (RFC 9449 §11.1),
/// a pushed authorization request's <c>request_uri</c> (RFC 9126 §4). Each entry lives until the
/// value it guards could no longer be accepted anyway, then it is purged.
/// </summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="value"/> under <paramref name="purpose"/> until <paramref name="expiresAt"/>;
    /// <c>true</c> the first time, <c>false</c> when it was already recorded (a replay, from any
    /// instance). The check and the record are one atomic insert.
    /// </summary>
    Task<bool> TryUseAsync(string purpose, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Erases every entry that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
