namespace NetIdentity.Core.Consent;

/// <summary>
/// A security event (RFC 8417) waiting to be pushed to a platform (RFC 8935). Kept until the
/// platform acknowledges it, across restarts.
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required Uri Endpoint { get; init; }

    /// <summary>
    /// The SET's claims (JSON), signed by the broker when sent, with the key active then; rows
    /// queued before that change hold the signed SET (compact JWS). Pseudonymous identifiers only.
    /// </summary>
    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Why the last attempt failed (status code or exception type; never a payload).</summary>
    public string? LastError { get; init; }
}

/// <summary>The durable outbox of back-channel events.</summary>
public interface IEventOutbox
{
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Undelivered messages whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkFailedAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    Task<OutboxMessage?> FindAsync(string id, CancellationToken cancellationToken);
}
