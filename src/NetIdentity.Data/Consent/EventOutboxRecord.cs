using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// One row of <c>event_outbox</c>: an <see cref="OutboxMessage"/> as stored, its endpoint as the
/// absolute URI's text. The payload is a SET's claims (signed when sent) carrying pseudonymous identifiers only.
/// </summary>
internal sealed class EventOutboxRecord
{
    public required string Id { get; init; }

    /// <summary><see cref="OutboxKind"/> as its integer: 0 (a SET) for every row written before logout tokens existed.</summary>
    public int Kind { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The SSF stream the event travels on; null for the registered endpoint's events and logout tokens.</summary>
    public string? StreamId { get; init; }

    public required string Endpoint { get; init; }

    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? FailingSince { get; init; }

    public DateTimeOffset? DeadLetteredAt { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <exception cref="ArgumentException">A field is missing, too long or out of range.</exception>
    public static EventOutboxRecord From(OutboxMessage message)
    {
        const string Parameter = "message";
        Field.Required(message.Id, ColumnLengths.RecordId, "An outbox message's Id", Parameter);
        Field.Required(message.ClientId, ColumnLengths.ClientId, "An outbox message's ClientId", Parameter);
        Field.Required(message.Payload, int.MaxValue, "An outbox message's Payload", Parameter);
        if (message.Endpoint is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("An outbox message's Endpoint is the platform's absolute push URI (RFC 8935).", Parameter);
        }

        Field.Optional(message.StreamId, ColumnLengths.StreamId, "An outbox message's StreamId", Parameter);
        Field.Optional(message.LeaseOwner, ColumnLengths.LeaseOwner, "An outbox message's LeaseOwner", Parameter);
        if (message.Attempts < 0)
        {
            throw new ArgumentException($"An outbox message's Attempts is zero or more, not {message.Attempts}.", Parameter);
        }

        if (!Enum.IsDefined(message.Kind))
        {
            throw new ArgumentException($"An outbox message's Kind is a defined OutboxKind, not {(int)message.Kind}.", Parameter);
        }

        return new EventOutboxRecord
        {
            Id = message.Id,
            Kind = (int)message.Kind,
            ClientId = message.ClientId,
            StreamId = message.StreamId,
            Endpoint = message.Endpoint.AbsoluteUri,
            Payload = message.Payload,
            CreatedAt = StoredTime.Normalize(message.CreatedAt),
            Attempts = message.Attempts,
            NextAttemptAt = StoredTime.Normalize(message.NextAttemptAt),
            DeliveredAt = Optional(message.DeliveredAt),
            LastError = Reason(message.LastError),
            FailingSince = Optional(message.FailingSince),
            DeadLetteredAt = Optional(message.DeadLetteredAt),
            LeaseOwner = message.LeaseOwner,
            LeaseExpiresAt = Optional(message.LeaseExpiresAt),
        };
    }

    /// <summary>
    /// A failure reason cut to its column. A reason is diagnostics: refusing a long one would turn
    /// a failed delivery into a lost retry.
    /// </summary>
    public static string? Reason(string? reason)
    {
        if (reason is not { Length: > ColumnLengths.LastError })
        {
            return reason;
        }

        // Never half a surrogate pair: PostgreSQL refuses text that is not valid UTF-8.
        var length = char.IsHighSurrogate(reason[ColumnLengths.LastError - 1]) ? ColumnLengths.LastError - 1 : ColumnLengths.LastError;
        return reason[..length];
    }

    public OutboxMessage ToMessage() => new()
    {
        Id = Id,
        Kind = (OutboxKind)Kind,
        ClientId = ClientId,
        StreamId = StreamId,
        Endpoint = new Uri(Endpoint, UriKind.Absolute),
        Payload = Payload,
        CreatedAt = CreatedAt,
        Attempts = Attempts,
        NextAttemptAt = NextAttemptAt,
        DeliveredAt = DeliveredAt,
        LastError = LastError,
        FailingSince = FailingSince,
        DeadLetteredAt = DeadLetteredAt,
        LeaseOwner = LeaseOwner,
        LeaseExpiresAt = LeaseExpiresAt,
    };

    /// <summary>Whether <paramref name="other"/> holds exactly this message (a repeated write of it).</summary>
    public bool SameAs(EventOutboxRecord other) =>
        Id == other.Id
        && Kind == other.Kind
        && ClientId == other.ClientId
        && StreamId == other.StreamId
        && Endpoint == other.Endpoint
        && Payload == other.Payload
        && CreatedAt == other.CreatedAt
        && Attempts == other.Attempts
        && NextAttemptAt == other.NextAttemptAt
        && DeliveredAt == other.DeliveredAt
        && LastError == other.LastError
        && FailingSince == other.FailingSince
        && DeadLetteredAt == other.DeadLetteredAt
        && LeaseOwner == other.LeaseOwner
        && LeaseExpiresAt == other.LeaseExpiresAt;

    private static DateTimeOffset? Optional(DateTimeOffset? time) => time is { } t ? StoredTime.Normalize(t) : null;
}
