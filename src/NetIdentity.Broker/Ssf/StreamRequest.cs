using System.Text.Json;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Streams;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// A stream configuration as a receiver sends it (SSF 1.0 §8.1.1): read, checked and applied to
/// the stored stream. Read-only members (<c>iss</c>, <c>aud</c>, <c>events_supported</c>,
/// <c>events_delivered</c>, <c>min_verification_interval</c>) are ignored, as SSF 1.0 §8.1.1 lets
/// a transmitter do; everything else is checked, and an error names the member.
/// </summary>
internal sealed class StreamRequest
{
    private const int MaxText = 2048;
    private const int MaxHeader = 1024;
    private const int MaxEvents = 32;

    private StreamRequest()
    {
    }

    public string? StreamId { get; private init; }

    /// <summary>The delivery object was present.</summary>
    public bool HasDelivery { get; private init; }

    public StreamDelivery Delivery { get; private init; }

    public Uri? EndpointUrl { get; private init; }

    public string? AuthorizationHeader { get; private init; }

    public bool HasEvents { get; private init; }

    public IReadOnlyList<string> EventsRequested { get; private init; } = [];

    public bool HasDescription { get; private init; }

    public string? Description { get; private init; }

    /// <summary>Reads the JSON object; the error names what is wrong.</summary>
    public static (StreamRequest? Request, string? Error) Read(JsonElement body, PlatformOptions platform)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The request body must be a JSON object (a stream configuration, SSF 1.0 §8.1.1).");
        }

        string? streamId = null;
        if (body.TryGetProperty("stream_id", out var id))
        {
            if (id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                return (null, "'stream_id' must be a non-empty string.");
            }

            streamId = id.GetString();
        }

        var events = (IReadOnlyList<string>)[];
        var hasEvents = body.TryGetProperty("events_requested", out var requested);
        if (hasEvents)
        {
            if (requested.ValueKind != JsonValueKind.Array || requested.GetArrayLength() > MaxEvents
                || requested.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || !Uri.IsWellFormedUriString(e.GetString(), UriKind.Absolute)))
            {
                return (null, $"'events_requested' must be an array of at most {MaxEvents} event type URIs.");
            }

            events = [.. requested.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal)];
        }

        string? description = null;
        var hasDescription = body.TryGetProperty("description", out var text);
        if (hasDescription && text.ValueKind != JsonValueKind.Null)
        {
            if (text.ValueKind != JsonValueKind.String || text.GetString()!.Length > MaxText)
            {
                return (null, $"'description' must be a string of at most {MaxText} characters.");
            }

            description = text.GetString();
        }

        if (!body.TryGetProperty("delivery", out var delivery))
        {
            return (new StreamRequest { StreamId = streamId, HasEvents = hasEvents, EventsRequested = events, HasDescription = hasDescription, Description = description }, null);
        }

        var (method, endpoint, header, error) = ReadDelivery(delivery, platform);
        return error is not null
            ? (null, error)
            : (new StreamRequest
            {
                StreamId = streamId,
                HasDelivery = true,
                Delivery = method,
                EndpointUrl = endpoint,
                AuthorizationHeader = header,
                HasEvents = hasEvents,
                EventsRequested = events,
                HasDescription = hasDescription,
                Description = description,
            }, null);
    }

    /// <summary>The stream as this request makes it: a new one, a replacement or an update.</summary>
    /// <param name="current">The stored stream; on create, an empty one with its new id and times.</param>
    /// <param name="replace">PUT: members left out take their defaults; PATCH: they keep their values.</param>
    /// <param name="protectedHeader">The authorization header as stored (protected), when this request set one.</param>
    public StreamConfiguration Apply(StreamConfiguration current, bool replace, string? protectedHeader) => current with
    {
        Delivery = HasDelivery || replace ? Delivery : current.Delivery,
        EndpointUrl = HasDelivery || replace ? EndpointUrl : current.EndpointUrl,
        AuthorizationHeader = HasDelivery || replace ? protectedHeader : current.AuthorizationHeader,
        EventsRequested = HasEvents || replace ? EventsRequested : current.EventsRequested,
        Description = HasDescription || replace ? Description : current.Description,
    };

    private static (StreamDelivery Method, Uri? Endpoint, string? Header, string? Error) ReadDelivery(JsonElement delivery, PlatformOptions platform)
    {
        if (delivery.ValueKind != JsonValueKind.Object
            || !delivery.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
        {
            return (default, null, null, $"'delivery' must be an object with a 'method': '{SharedSignals.PushMethod}' or '{SharedSignals.PollMethod}'.");
        }

        var method = methodElement.GetString();
        var hasEndpoint = delivery.TryGetProperty("endpoint_url", out var endpointElement) && endpointElement.ValueKind != JsonValueKind.Null;
        string? header = null;
        if (delivery.TryGetProperty("authorization_header", out var headerElement) && headerElement.ValueKind != JsonValueKind.Null)
        {
            if (headerElement.ValueKind != JsonValueKind.String || headerElement.GetString()!.Length is 0 or > MaxHeader
                || headerElement.GetString()!.Any(c => c is '\r' or '\n'))
            {
                return (default, null, null, $"'delivery.authorization_header' must be one line of at most {MaxHeader} characters.");
            }

            header = headerElement.GetString();
        }

        if (method == SharedSignals.PollMethod)
        {
            // RFC 8936 / SSF 1.0 §8.1.1: the transmitter chooses the poll endpoint.
            return hasEndpoint || header is not null
                ? (default, null, null, "For poll delivery the broker chooses 'endpoint_url' and takes no 'authorization_header': leave them out.")
                : (StreamDelivery.Poll, null, null, null);
        }

        if (method != SharedSignals.PushMethod)
        {
            return (default, null, null, $"'delivery.method' '{method}' is not supported; use '{SharedSignals.PushMethod}' or '{SharedSignals.PollMethod}'.");
        }

        if (!hasEndpoint || endpointElement.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(endpointElement.GetString(), UriKind.Absolute, out var endpoint))
        {
            return (default, null, null, "Push delivery needs 'delivery.endpoint_url', an absolute URL.");
        }

        // SSRF: the broker pushes only where the operator registered (docs/events.md, "SSF streams").
        if (!StreamRules.IsRegisteredPushEndpoint(endpoint, platform.AllowedPushEndpoints))
        {
            return (default, null, null,
                "'delivery.endpoint_url' is not a push endpoint registered for this platform (BackChannelEventUri or SsfPushEndpoints); " +
                "ask the broker's operator to register it.");
        }

        return (StreamDelivery.Push, endpoint, header, null);
    }
}
