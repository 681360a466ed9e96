using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.Keys;
using NetIdentity.Core.Streams;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// Poll delivery (RFC 8936) of a poll stream: the receiver POSTs <c>ack</c> and <c>setErrs</c> for
/// what it took, and gets the next unacknowledged SETs (<c>sets</c>, <c>moreAvailable</c>). An
/// acknowledged SET (<c>ack</c>, or <c>setErrs</c>: the receiver took it but could not act on it,
/// RFC 8936 §2.4.3) is delivered and never served again; an unacknowledged one is served again at
/// the next poll, signed afresh with the key active then and <c>iat</c> set then. Long polling
/// (RFC 8936 §2.4): with <c>returnImmediately</c> false or omitted, a poll with nothing to serve is
/// held up to <c>Broker:SsfPollWait</c> and answers as soon as an event is queued on the stream
/// (at once when queued on this instance, <see cref="PollWaiters"/>; within
/// <c>Broker:OutboxPollInterval</c> when queued on another); with <c>returnImmediately: true</c>,
/// <c>maxEvents: 0</c>, a paused stream, or while another poll of the same stream is held on this
/// instance, it answers at once.
/// </summary>
internal static class SsfPoll
{
    /// <summary>At most this many SETs per answer, whatever <c>maxEvents</c> asks.</summary>
    public const int MostEvents = 100;

    public static async Task<IResult> PollAsync(
        string streamId, HttpContext http, IEventStreams streams, IActiveSigningKey keys, PollWaiters waiters,
        Microsoft.Extensions.Options.IOptions<BackChannelEventOptions> options, TimeProvider time)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.PollPath + "/" + Uri.EscapeDataString(streamId));
        if (failure is not null)
        {
            return failure;
        }

        var stream = await streams.ForPlatformAsync(clientId!, http.RequestAborted);
        if (stream is null || stream.Id != streamId || stream.Delivery != StreamDelivery.Poll)
        {
            return SsfEndpoints.NotFound();
        }

        var (body, bodyError) = await SsfEndpoints.ReadBodyAsync(http);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (request, error) = PollRequest.Read(body);
        if (error is not null)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, error);
        }

        var now = time.GetUtcNow();
        var acknowledged = await streams.AcknowledgeAsync(stream.Id, request!.Ack, now, errorCode: null, http.RequestAborted);
        var errors = 0;
        foreach (var group in request.SetErrors.GroupBy(e => e.Value, StringComparer.Ordinal))
        {
            errors += await streams.AcknowledgeAsync(stream.Id, [.. group.Select(e => e.Key)], now, group.Key, http.RequestAborted);
        }

        // Paused: held, served once enabled again (SSF 1.0 §8.1.2).
        var polled = stream.Status == StreamStatus.Enabled
            ? await streams.PollAsync(stream.Id, request.MaxEvents, http.RequestAborted)
            : new PolledEvents([], false);
        if (polled.Events.Count == 0 && stream.Status == StreamStatus.Enabled && !request.ReturnImmediately && request.MaxEvents > 0
            && waiters.TryHold(stream.Id))
        {
            try
            {
                polled = await WaitForEventsAsync(stream.Id, request.MaxEvents, streams, waiters, options.Value, time, http.RequestAborted);
            }
            finally
            {
                waiters.Release(stream.Id);
            }
        }

        now = time.GetUtcNow();
        var sets = new JsonObject();
        foreach (var message in polled.Events)
        {
            sets[message.Id] = SecurityEventToken.ForSending(keys, message.Payload, now);
        }

        if (acknowledged + errors + sets.Count > 0)
        {
            Log.Polled(SsfEndpoints.Logger(http), stream.Id, clientId!, acknowledged + errors, errors, sets.Count);
        }

        http.Response.Headers.CacheControl = "no-store";
        return SsfResults.Json(new JsonObject { ["sets"] = sets, ["moreAvailable"] = polled.MoreAvailable });
    }

    /// <summary>
    /// Holds the poll until an event is queued on the stream or <see cref="BackChannelEventOptions.SsfPollWait"/>
    /// passes, checking the store at each signal from this instance and every outbox poll interval
    /// (another instance's events); empty when nothing came, or when the receiver went away.
    /// </summary>
    private static async Task<PolledEvents> WaitForEventsAsync(
        string streamId, int maxEvents, IEventStreams streams, PollWaiters waiters, BackChannelEventOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var empty = new PolledEvents([], false);
        if (options.SsfPollWait <= TimeSpan.Zero)
        {
            return empty;
        }

        var until = time.GetTimestamp() + (long)(options.SsfPollWait.TotalSeconds * time.TimestampFrequency);
        try
        {
            while (true)
            {
                // Listen first, then look: an event queued in between is seen either way.
                var signal = waiters.NextAsync(streamId);
                var polled = await streams.PollAsync(streamId, maxEvents, cancellationToken);
                if (polled.Events.Count > 0)
                {
                    return polled;
                }

                var left = TimeSpan.FromSeconds((double)(until - time.GetTimestamp()) / time.TimestampFrequency);
                if (left <= TimeSpan.Zero)
                {
                    return empty;
                }

                var pause = left < options.OutboxPollInterval ? left : options.OutboxPollInterval;
                await Task.WhenAny(signal, Task.Delay(pause, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The receiver went away: nothing was served, so nothing is lost.
            return empty;
        }
    }

    /// <summary>An RFC 8936 §2.4 poll request.</summary>
    private sealed record PollRequest(int MaxEvents, bool ReturnImmediately, IReadOnlyList<string> Ack, IReadOnlyDictionary<string, string> SetErrors)
    {
        public static (PollRequest? Request, string? Error) Read(JsonElement body)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, "The poll request must be a JSON object (RFC 8936 §2.4).");
            }

            var max = MostEvents;
            if (body.TryGetProperty("maxEvents", out var maxElement))
            {
                if (maxElement.ValueKind != JsonValueKind.Number || !maxElement.TryGetInt32(out max) || max < 0)
                {
                    return (null, "'maxEvents' must be a non-negative integer.");
                }

                max = Math.Min(max, MostEvents);
            }

            if (body.TryGetProperty("returnImmediately", out var immediately) && immediately.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, "'returnImmediately' must be a boolean.");
            }

            // Omitted means false (RFC 8936 §2.4): the receiver is willing to wait.
            var returnImmediately = body.TryGetProperty("returnImmediately", out immediately) && immediately.ValueKind == JsonValueKind.True;

            var ack = new List<string>();
            if (body.TryGetProperty("ack", out var ackElement))
            {
                if (ackElement.ValueKind != JsonValueKind.Array || ackElement.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
                {
                    return (null, "'ack' must be an array of jti strings.");
                }

                ack.AddRange(ackElement.EnumerateArray().Select(a => a.GetString()!));
            }

            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.TryGetProperty("setErrs", out var errsElement))
            {
                if (errsElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, "'setErrs' must be an object of jti to { err, description }.");
                }

                foreach (var entry in errsElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object
                        || !entry.Value.TryGetProperty("err", out var err) || err.ValueKind != JsonValueKind.String)
                    {
                        return (null, $"'setErrs' entry '{entry.Name}' must be an object with an 'err' string (RFC 8936 §2.4.3).");
                    }

                    // Only the code is kept (like a push failure's status), never the description.
                    var code = err.GetString()!;
                    errors[entry.Name] = code.Length > 64 ? code[..64] : code;
                }
            }

            return (new PollRequest(max, returnImmediately, ack, errors), null);
        }
    }
}
