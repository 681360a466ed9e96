using NetIdentity.Core.Streams;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Streams;

/// <summary>
/// One row of <c>ssf_streams</c>: an <see cref="StreamConfiguration"/> as stored. Pseudonymous by
/// construction: a platform, an endpoint it registered, event type URIs and its own words.
/// </summary>
internal sealed class EventStreamRecord
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required int Delivery { get; set; }

    public string? EndpointUrl { get; set; }

    /// <summary>The push <c>Authorization</c> header, protected by the broker (Data Protection) before it gets here.</summary>
    public string? AuthorizationHeader { get; set; }

    /// <summary>The requested event type URIs, space-separated (a URI has no space).</summary>
    public required string EventsRequested { get; set; }

    public string? Description { get; set; }

    public required int Status { get; set; }

    public string? StatusReason { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastVerificationAt { get; set; }

    /// <exception cref="ArgumentException">A field is missing or too long.</exception>
    public static EventStreamRecord From(StreamConfiguration stream)
    {
        const string Parameter = "stream";
        Field.Required(stream.Id, ColumnLengths.StreamId, "A stream's Id", Parameter);
        Field.Required(stream.ClientId, ColumnLengths.ClientId, "A stream's ClientId", Parameter);
        Field.Optional(stream.Description, ColumnLengths.StreamText, "A stream's Description", Parameter);
        Field.Optional(stream.StatusReason, ColumnLengths.StreamText, "A stream's StatusReason", Parameter);
        Field.Optional(stream.AuthorizationHeader, ColumnLengths.StreamSecret, "A stream's AuthorizationHeader", Parameter);
        var events = string.Join(' ', stream.EventsRequested);
        Field.Optional(events, ColumnLengths.StreamEvents, "A stream's EventsRequested", Parameter);
        if (stream.EndpointUrl is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("A stream's EndpointUrl is absolute.", Parameter);
        }

        Field.Optional(stream.EndpointUrl?.AbsoluteUri, ColumnLengths.StreamText, "A stream's EndpointUrl", Parameter);
        return new EventStreamRecord
        {
            Id = stream.Id,
            ClientId = stream.ClientId,
            Delivery = (int)stream.Delivery,
            EndpointUrl = stream.EndpointUrl?.AbsoluteUri,
            AuthorizationHeader = stream.AuthorizationHeader,
            EventsRequested = events,
            Description = stream.Description,
            Status = (int)stream.Status,
            StatusReason = stream.StatusReason,
            CreatedAt = StoredTime.Normalize(stream.CreatedAt),
            UpdatedAt = StoredTime.Normalize(stream.UpdatedAt),
            LastVerificationAt = stream.LastVerificationAt is { } v ? StoredTime.Normalize(v) : null,
        };
    }

    public StreamConfiguration ToStream() => new()
    {
        Id = Id,
        ClientId = ClientId,
        Delivery = (StreamDelivery)Delivery,
        EndpointUrl = EndpointUrl is null ? null : new Uri(EndpointUrl, UriKind.Absolute),
        AuthorizationHeader = AuthorizationHeader,
        EventsRequested = EventsRequested.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Description = Description,
        Status = (StreamStatus)Status,
        StatusReason = StatusReason,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        LastVerificationAt = LastVerificationAt,
    };
}
