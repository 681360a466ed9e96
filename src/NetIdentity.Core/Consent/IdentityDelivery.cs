namespace NetIdentity.Core.Consent;

/// <summary>
/// Plaintext identity waiting for its one delivery (PRODUCT rule 7): still sealed (SM2 envelope
/// to the organisation key, associated data the bizSeq), kept at most five minutes, taken once.
/// </summary>
public sealed record IdentityDelivery
{
    /// <summary>The delivery's id, carried inside the platform's (broker-encrypted) access token.</summary>
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The person's pairwise subject for the platform.</summary>
    public required string Subject { get; init; }

    public required string BizSeq { get; init; }

    /// <summary>The sealed plaintext, exactly as the authority sent it.</summary>
    public required byte[] Envelope { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public override string ToString() => $"IdentityDelivery {{ Id = {Id}, ClientId = {ClientId} }}";
}

/// <summary>Where sealed identity waits for delivery.</summary>
public interface IIdentityDeliveries
{
    /// <summary>The longest a delivery may wait.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    Task StoreAsync(IdentityDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the delivery when it exists, belongs to this platform and subject, and
    /// has not expired; otherwise null. Atomic: two concurrent takes never both succeed.
    /// </summary>
    Task<IdentityDelivery?> TakeAsync(string id, string clientId, string subject, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Erases every delivery that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Erases every delivery for a platform and subject (on withdrawal).</summary>
    Task<int> EraseAsync(string clientId, string subject, CancellationToken cancellationToken);
}
