namespace NetIdentity.Core.Consent;

/// <summary>
/// A security event (RFC 8417) waiting to be pushed to a platform (RFC 8935). Kept until the
/// platform acknowledges it, across restarts; one that failed for too long becomes a dead letter
/// an operator can send again.
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }

    /// <summary>What the payload is, so how it is signed and sent; a security event unless said otherwise.</summary>
    public OutboxKind Kind { get; init; } = OutboxKind.SecurityEvent;

    public required string ClientId { get; init; }

    /// <summary>The SSF stream it travels on (docs/events.md, "SSF"); null for an event to the registered <c>BackChannelEventUri</c> or a logout token.</summary>
    public string? StreamId { get; init; }

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

    /// <summary>The first failure since the event was queued or last retried by an operator; null while none failed.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>When it was given up and became a dead letter; null unless <see cref="OutboxState.Dead"/>.</summary>
    public DateTimeOffset? DeadLetteredAt { get; init; }

    /// <summary>The instance that claimed it to send it (<see cref="IEventOutbox.ClaimAsync"/>); null when unclaimed.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds it; after that another instance may claim it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Where the event stands, from its delivery and dead-letter times.</summary>
    public OutboxState State =>
        DeliveredAt is not null ? OutboxState.Delivered
        : DeadLetteredAt is not null ? OutboxState.Dead
        : OutboxState.Pending;
}

/// <summary>What an outbox message carries, and so how it travels.</summary>
public enum OutboxKind
{
    /// <summary>A Security Event Token (RFC 8417), pushed as <c>application/secevent+jwt</c> (RFC 8935); 202 acknowledges it.</summary>
    SecurityEvent = 0,

    /// <summary>
    /// A logout token (OpenID Connect Back-Channel Logout 1.0 §2.4), POSTed as the form parameter
    /// <c>logout_token</c> to the platform's back-channel logout URI (§2.5); 200 or 204 acknowledges it (§2.8).
    /// </summary>
    Logout = 1,

    /// <summary>
    /// A SET on a poll stream (RFC 8936): never pushed; served by the poll endpoint until the
    /// receiver acknowledges it, then delivered. <see cref="OutboxMessage.Endpoint"/> is the poll endpoint.
    /// </summary>
    Polled = 2,
}

/// <summary>Where an outbox event stands.</summary>
public enum OutboxState
{
    /// <summary>Not delivered yet; sent when due.</summary>
    Pending,

    /// <summary>Acknowledged by the platform. Final.</summary>
    Delivered,

    /// <summary>Failed for longer than the broker retries; sent again only when an operator retries it.</summary>
    Dead,
}

/// <summary>What an operator's retry of one event did (<see cref="IEventOutbox.RetryAsync"/>).</summary>
public enum OutboxRetryOutcome
{
    /// <summary>The event is pending and due now.</summary>
    Retried,

    /// <summary>No event has this id.</summary>
    NotFound,

    /// <summary>The platform acknowledged it already: it is never sent again.</summary>
    AlreadyDelivered,
}

/// <summary>Which events an operator lists (<see cref="IEventOutbox.ListAsync"/>).</summary>
/// <param name="ClientId">Only this platform's events; every platform's when null.</param>
/// <param name="State">Only events in this state; all when null.</param>
/// <param name="Limit">At most this many (1 or more).</param>
public sealed record OutboxQuery(string? ClientId, OutboxState? State, int Limit);

/// <summary>The outbox at a glance, for the metrics.</summary>
/// <param name="Pending">Events not yet delivered and not dead.</param>
/// <param name="OldestPendingCreatedAt">When the oldest pending event was queued; null when none is pending.</param>
/// <param name="Dead">Dead letters waiting for an operator.</param>
public sealed record OutboxStatistics(long Pending, DateTimeOffset? OldestPendingCreatedAt, long Dead);

/// <summary>
/// The durable outbox of back-channel events, shared by every instance. Each event is sent by
/// the one instance that claimed it (<see cref="ClaimAsync"/>); its outcome is recorded only by
/// the instance whose lease it is, so a late instance whose lease ran out changes nothing.
/// </summary>
public interface IEventOutbox
{
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> pending events due at <paramref name="now"/>
    /// whose lease is free or ran out, oldest first, and leases them to <paramref name="owner"/>
    /// until <paramref name="now"/> + <paramref name="lease"/>. Two instances claiming at once never
    /// get the same event.
    /// </summary>
    /// <param name="owner">The claiming instance's id.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds: longer than one send may take.</param>
    /// <param name="max">At most this many (1 or more).</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Records the platform's acknowledgement and frees the lease; false (and nothing changed) unless <paramref name="owner"/> holds the event's lease.</summary>
    /// <param name="id">The event.</param>
    /// <param name="owner">The instance that claimed it.</param>
    /// <param name="at">When it was acknowledged.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> MarkDeliveredAsync(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt and the next one, and frees the lease; false (and nothing changed) unless <paramref name="owner"/> holds the event's lease.</summary>
    /// <param name="id">The event.</param>
    /// <param name="owner">The instance that claimed it.</param>
    /// <param name="attempts">The failed attempts so far, this one included.</param>
    /// <param name="failedAt">When this attempt failed: the event's <see cref="OutboxMessage.FailingSince"/> if it is its first failure.</param>
    /// <param name="nextAttemptAt">When to try again.</param>
    /// <param name="reason">A status code or an exception type; never a response body.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> MarkFailedAsync(string id, string owner, int attempts, DateTimeOffset failedAt, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    /// <summary>Records a last failed attempt and makes the event a dead letter; false (and nothing changed) unless <paramref name="owner"/> holds the event's lease.</summary>
    /// <param name="id">The event.</param>
    /// <param name="owner">The instance that claimed it.</param>
    /// <param name="attempts">The failed attempts, this one included.</param>
    /// <param name="at">When it was given up.</param>
    /// <param name="reason">The last attempt's failure.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeadLetterAsync(string id, string owner, int attempts, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    Task<OutboxMessage?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The events an operator asked for: pending and dead ones oldest first, delivered ones (and all states together) newest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// An operator's retry: a pending or dead event becomes pending, due at <paramref name="now"/>,
    /// with its attempts, failure time and dead-letter time cleared (a fresh retry schedule). A
    /// delivered event is refused.
    /// </summary>
    Task<OutboxRetryOutcome> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>As <see cref="RetryAsync"/>, for every dead letter (of one platform when <paramref name="clientId"/> is given); returns how many.</summary>
    Task<int> RetryDeadAsync(string? clientId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<OutboxStatistics> StatisticsAsync(CancellationToken cancellationToken);
}
