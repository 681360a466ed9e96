namespace NetIdentity.Core.Streams;

/// <summary>
/// A platform's event stream (OpenID Shared Signals Framework 1.0 §8): how the broker, the
/// transmitter, delivers the events the platform asked for. One per platform (SSF 1.0 §8.1.1.1
/// lets a transmitter refuse a second one with 409). Its subjects are every subject of the
/// platform (<c>default_subjects: ALL</c>): the pairwise <c>sub</c>s of the people who use it.
/// </summary>
public sealed record StreamConfiguration
{
    /// <summary>The stream's id: 128 random bits, base64url.</summary>
    public required string Id { get; init; }

    /// <summary>The platform (the receiver, and the <c>aud</c> of every SET on the stream).</summary>
    public required string ClientId { get; init; }

    public required StreamDelivery Delivery { get; init; }

    /// <summary>
    /// Push: the receiver's endpoint, always one the platform's registration names (never chosen
    /// freely: docs/events.md, "SSF"). Poll: null (the broker's poll endpoint is derived from the stream id).
    /// </summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Push: the <c>Authorization</c> header value the receiver wants with each push (SSF 1.0 §8.1.1); protected at rest.</summary>
    public string? AuthorizationHeader { get; init; }

    /// <summary>The event types the platform asked for (<c>events_requested</c>), as given.</summary>
    public required IReadOnlyList<string> EventsRequested { get; init; }

    public string? Description { get; init; }

    public StreamStatus Status { get; init; } = StreamStatus.Enabled;

    /// <summary>Why the status was last changed, as the platform said it (<c>reason</c>); never personal data.</summary>
    public string? StatusReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the platform last asked for a verification event; null before its first.</summary>
    public DateTimeOffset? LastVerificationAt { get; init; }
}

/// <summary>How a stream's events travel (SSF 1.0 §6.1 <c>delivery_methods_supported</c>).</summary>
public enum StreamDelivery
{
    /// <summary>Pushed to the receiver (RFC 8935), method <c>urn:ietf:rfc:8935</c>.</summary>
    Push = 0,

    /// <summary>Polled by the receiver (RFC 8936), method <c>urn:ietf:rfc:8936</c>.</summary>
    Poll = 1,
}

/// <summary>A stream's status (SSF 1.0 §8.1.2).</summary>
public enum StreamStatus
{
    /// <summary>Events are delivered.</summary>
    Enabled = 0,

    /// <summary>Events are held, and delivered once the stream is enabled again.</summary>
    Paused = 1,

    /// <summary>Events are neither delivered nor held: those queued are dropped, new ones are not queued.</summary>
    Disabled = 2,
}

/// <summary>
/// The platforms' event streams, shared by every broker instance. Every call names the platform
/// (<c>clientId</c>): a platform only ever reaches its own stream, and another platform's stream
/// answers exactly as one that does not exist.
/// </summary>
public interface IEventStreams
{
    /// <summary>Stores a new stream; false (nothing stored) when the platform already has one.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> CreateAsync(StreamConfiguration stream, CancellationToken cancellationToken);

    /// <summary>The platform's stream, or null.</summary>
    /// <param name="clientId">The platform.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<StreamConfiguration?> ForPlatformAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>A stream by id, for the sender; null when none has it.</summary>
    /// <param name="id">The stream id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<StreamConfiguration?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stream's configuration (delivery, endpoint, header, events, description) and its
    /// update time; false when the platform has no stream with that id. A change of delivery drops
    /// the events still queued for the old one (they were queued for another receiver).
    /// </summary>
    /// <param name="stream">The stream as it is to be.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> UpdateAsync(StreamConfiguration stream, CancellationToken cancellationToken);

    /// <summary>Deletes the stream and the events still queued on it; false when the platform has no stream with that id.</summary>
    /// <param name="clientId">The platform.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeleteAsync(string clientId, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status; <see cref="StreamStatus.Disabled"/> also drops the events queued on the
    /// stream. False when the platform has no stream with that id.
    /// </summary>
    /// <param name="clientId">The platform.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="reason">Why, as the platform said it; may be null.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> SetStatusAsync(string clientId, string id, StreamStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records a verification request at <paramref name="now"/> when the last one is at least
    /// <paramref name="minInterval"/> old (one statement, so two instances cannot both pass); false otherwise.
    /// </summary>
    /// <param name="clientId">The platform.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="now">The current time.</param>
    /// <param name="minInterval">The stream's <c>min_verification_interval</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> TryRecordVerificationAsync(string clientId, string id, DateTimeOffset now, TimeSpan minInterval, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest unacknowledged events queued on a poll stream (<see cref="NetIdentity.Core.Consent.OutboxKind.Polled"/>),
    /// at most <paramref name="max"/>. Served again at every poll until acknowledged.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="max">At most this many (0 or more: 0 only tells whether any wait).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<PolledEvents> PollAsync(string streamId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges polled events of the stream (RFC 8936 §2.4: <c>ack</c>, and <c>setErrs</c> with
    /// <paramref name="errorCode"/>): they are delivered and never served again. Ids of other streams,
    /// unknown or already acknowledged are ignored. Returns how many were acknowledged now.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="ids">The events' <c>jti</c>s.</param>
    /// <param name="at">When.</param>
    /// <param name="errorCode">The receiver's <c>err</c> code for a SET it could not take; null for a plain acknowledgement.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<int> AcknowledgeAsync(string streamId, IReadOnlyCollection<string> ids, DateTimeOffset at, string? errorCode, CancellationToken cancellationToken);
}

/// <summary>What a poll (RFC 8936 §2.4) found: the oldest events not yet acknowledged, and whether more wait.</summary>
/// <param name="Events">At most the number asked for, oldest first.</param>
/// <param name="MoreAvailable">More unacknowledged events wait after these.</param>
public sealed record PolledEvents(IReadOnlyList<NetIdentity.Core.Consent.OutboxMessage> Events, bool MoreAvailable);
