namespace NetIdentity.Core.Streams;

/// <summary>The rules of an SSF stream that do not depend on HTTP (SSF 1.0 §8; docs/events.md, "SSF streams").</summary>
public static class StreamRules
{
    /// <summary>
    /// <c>events_delivered</c>: the requested event types the transmitter supports, in the order
    /// it lists them (SSF 1.0 §8.1.1: "the intersection of events_supported and events_requested").
    /// </summary>
    /// <param name="supported">The transmitter's <c>events_supported</c>.</param>
    /// <param name="requested">The stream's <c>events_requested</c>.</param>
    public static IReadOnlyList<string> EventsDelivered(IReadOnlyList<string> supported, IReadOnlyList<string> requested)
    {
        ArgumentNullException.ThrowIfNull(supported);
        ArgumentNullException.ThrowIfNull(requested);
        return [.. supported.Where(e => requested.Contains(e, StringComparer.Ordinal))];
    }

    /// <summary>Whether the stream carries <paramref name="eventType"/> now: it is not disabled and delivers it.</summary>
    /// <param name="stream">The platform's stream.</param>
    /// <param name="supported">The transmitter's <c>events_supported</c>.</param>
    /// <param name="eventType">The event type URI.</param>
    public static bool Carries(StreamConfiguration stream, IReadOnlyList<string> supported, string eventType)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Status != StreamStatus.Disabled && EventsDelivered(supported, stream.EventsRequested).Contains(eventType, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether a push stream may deliver to <paramref name="endpoint"/>: only to a URL the operator
    /// registered for the platform, exactly (the whole absolute URL, compared ordinally). A platform
    /// must not make the broker POST to an address of its choosing — an internal service, a cloud
    /// metadata address, the broker's own ports (server-side request forgery).
    /// </summary>
    /// <param name="endpoint">The requested <c>endpoint_url</c>.</param>
    /// <param name="registered">The platform's registered push endpoints.</param>
    public static bool IsRegisteredPushEndpoint(Uri endpoint, IEnumerable<Uri> registered)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(registered);
        return endpoint.IsAbsoluteUri
            && registered.Any(r => r.IsAbsoluteUri && string.Equals(r.AbsoluteUri, endpoint.AbsoluteUri, StringComparison.Ordinal));
    }
}
