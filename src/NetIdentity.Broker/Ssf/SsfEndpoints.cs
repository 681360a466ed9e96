using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Streams;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// The broker as an SSF 1.0 transmitter (issue 12 §1; docs/events.md, "SSF streams"): its
/// metadata, and the stream management API a platform calls with its client credentials token
/// (SSF 1.0 §8.1). A platform reaches its own stream only: another platform's stream id answers
/// 404, exactly as an unknown one, so a platform cannot learn that another has a stream.
/// </summary>
public static class SsfEndpoints
{
    /// <summary>Maps the metadata, stream, status, verification and poll endpoints.</summary>
    public static IEndpointRouteBuilder MapSharedSignals(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/" + SharedSignals.ConfigurationPath, Metadata);

        // SSF 1.0 §7.2: for an issuer with a path (https://h/p/), the metadata is at
        // https://h/.well-known/ssf-configuration/p. Served for the issuer's own path only.
        endpoints.MapGet("/" + SharedSignals.ConfigurationPath + "/{**issuerPath}", MetadataForPath);
        endpoints.MapPost("/" + SharedSignals.StreamsPath, CreateAsync);
        endpoints.MapGet("/" + SharedSignals.StreamsPath, ReadAsync);
        endpoints.MapPatch("/" + SharedSignals.StreamsPath, (Delegate)((HttpContext http) => ChangeAsync(http, replace: false)));
        endpoints.MapPut("/" + SharedSignals.StreamsPath, (Delegate)((HttpContext http) => ChangeAsync(http, replace: true)));
        endpoints.MapDelete("/" + SharedSignals.StreamsPath, DeleteAsync);
        endpoints.MapGet("/" + SharedSignals.StatusPath, ReadStatusAsync);
        endpoints.MapPost("/" + SharedSignals.StatusPath, UpdateStatusAsync);
        endpoints.MapPost("/" + SharedSignals.VerificationPath, VerifyAsync);
        endpoints.MapPost("/" + SharedSignals.PollPath + "/{streamId}", SsfPoll.PollAsync);
        return endpoints;
    }

    /// <summary>
    /// The metadata at <c>/.well-known/ssf-configuration/{issuer path}</c> (SSF 1.0 §7.2), when
    /// <paramref name="issuerPath"/> is the issuer's path; 404 for any other path, so the URL names one issuer only.
    /// </summary>
    private static IResult MetadataForPath(string issuerPath, HttpContext http, BrokerIssuer issuers) =>
        string.Equals(issuerPath.Trim('/'), SharedSignals.IssuerPath(issuers.For(http)), StringComparison.Ordinal) && issuerPath.Trim('/').Length > 0
            ? Metadata(http, issuers)
            : SsfResults.Error(StatusCodes.Status404NotFound, "not_found", "No transmitter has its issuer at this path; see the issuer's /.well-known/openid-configuration.");

    /// <summary>Transmitter configuration metadata (SSF 1.0 §7.1).</summary>
    private static IResult Metadata(HttpContext http, BrokerIssuer issuers)
    {
        var issuer = issuers.For(http);
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return SsfResults.Json(new JsonObject
        {
            ["spec_version"] = SharedSignals.SpecVersion,
            ["issuer"] = issuer.AbsoluteUri,
            ["jwks_uri"] = new Uri(issuer, ".well-known/jwks").AbsoluteUri,
            ["delivery_methods_supported"] = new JsonArray(SharedSignals.PushMethod, SharedSignals.PollMethod),
            ["configuration_endpoint"] = SsfPaths.Of(issuer, SharedSignals.StreamsPath).AbsoluteUri,
            ["status_endpoint"] = SsfPaths.Of(issuer, SharedSignals.StatusPath).AbsoluteUri,
            ["verification_endpoint"] = SsfPaths.Of(issuer, SharedSignals.VerificationPath).AbsoluteUri,

            // OAuth 2.0 (client credentials, scope ssf.manage); DPoP-bound tokens for FAPI 2.0 platforms.
            ["authorization_schemes"] = new JsonArray(
                new JsonObject { ["spec_urn"] = "urn:ietf:rfc:6749" },
                new JsonObject { ["spec_urn"] = "urn:ietf:rfc:9449" }),

            // Every subject of the platform is on its stream; there are no add/remove subject endpoints.
            ["default_subjects"] = "ALL",
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IEventStreams streams, PlatformCatalog platforms, StreamSecrets secrets, BrokerIssuer issuers, TimeProvider time)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StreamsPath);
        if (failure is not null)
        {
            return failure;
        }

        var platform = platforms.Find(clientId)!;
        var (body, bodyError) = await ReadBodyAsync(http);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (request, error) = StreamRequest.Read(body, platform);
        if (error is not null)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, error);
        }

        if (!request!.HasDelivery)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, $"'delivery' is required: '{SharedSignals.PushMethod}' with an 'endpoint_url', or '{SharedSignals.PollMethod}'.");
        }

        var now = time.GetUtcNow();
        var empty = new StreamConfiguration
        {
            Id = SecurityEventToken.NewId(),
            ClientId = clientId!,
            Delivery = StreamDelivery.Poll,
            EventsRequested = [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        var stream = request.Apply(empty, replace: true, secrets.Protect(request.AuthorizationHeader));
        if (!await streams.CreateAsync(stream, http.RequestAborted))
        {
            // SSF 1.0 §8.1.1.1: a transmitter that allows one stream per receiver answers 409.
            return SsfResults.Error(StatusCodes.Status409Conflict, "stream_exists", "This platform has a stream already; one stream per platform. Read, update or delete it.");
        }

        Log.StreamChanged(Logger(http), stream.Id, stream.ClientId, "created");
        return SsfResults.Json(Render(stream, issuers.For(http)), StatusCodes.Status201Created);
    }

    /// <summary>GET with <c>stream_id</c>: that stream; without: every stream of the platform, as an array (SSF 1.0 §8.1.1.2).</summary>
    private static async Task<IResult> ReadAsync(HttpContext http, IEventStreams streams, BrokerIssuer issuers)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StreamsPath);
        if (failure is not null)
        {
            return failure;
        }

        var stream = await streams.ForPlatformAsync(clientId!, http.RequestAborted);
        string? id = http.Request.Query["stream_id"];
        if (id is null)
        {
            return SsfResults.Json(stream is null ? new JsonArray() : new JsonArray(Render(stream, issuers.For(http))));
        }

        return stream is not null && stream.Id == id ? SsfResults.Json(Render(stream, issuers.For(http))) : NotFound();
    }

    /// <summary>PATCH updates the members given; PUT replaces the configuration (SSF 1.0 §8.1.1.3, §8.1.1.4).</summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, bool replace)
    {
        var services = http.RequestServices;
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StreamsPath);
        if (failure is not null)
        {
            return failure;
        }

        var platform = services.GetRequiredService<PlatformCatalog>().Find(clientId)!;
        var (body, bodyError) = await ReadBodyAsync(http);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (request, error) = StreamRequest.Read(body, platform);
        if (error is not null)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, error);
        }

        if (request!.StreamId is null)
        {
            return MissingStreamId();
        }

        if (replace && !request.HasDelivery)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "A replacement (PUT) is a whole configuration: 'delivery' is required.");
        }

        var streams = services.GetRequiredService<IEventStreams>();
        var current = await streams.ForPlatformAsync(clientId!, http.RequestAborted);
        if (current is null || current.Id != request.StreamId)
        {
            return NotFound();
        }

        var secrets = services.GetRequiredService<StreamSecrets>();
        var changed = request.Apply(current, replace, secrets.Protect(request.AuthorizationHeader)) with
        {
            UpdatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        if (!await streams.UpdateAsync(changed, http.RequestAborted))
        {
            return NotFound();
        }

        Log.StreamChanged(Logger(http), changed.Id, changed.ClientId, replace ? "replaced" : "updated");
        return SsfResults.Json(Render(changed, services.GetRequiredService<BrokerIssuer>().For(http)));
    }

    /// <summary>DELETE with <c>stream_id</c>: the stream and the events still queued on it go; 204 (SSF 1.0 §8.1.1.5).</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, IEventStreams streams)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StreamsPath);
        if (failure is not null)
        {
            return failure;
        }

        string? id = http.Request.Query["stream_id"];
        if (string.IsNullOrEmpty(id))
        {
            return MissingStreamId();
        }

        if (!await streams.DeleteAsync(clientId!, id, http.RequestAborted))
        {
            return NotFound();
        }

        Log.StreamChanged(Logger(http), id, clientId!, "deleted");
        return Results.NoContent();
    }

    private static async Task<IResult> ReadStatusAsync(HttpContext http, IEventStreams streams)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StatusPath);
        if (failure is not null)
        {
            return failure;
        }

        string? id = http.Request.Query["stream_id"];
        if (string.IsNullOrEmpty(id))
        {
            return MissingStreamId();
        }

        var stream = await streams.ForPlatformAsync(clientId!, http.RequestAborted);
        return stream is not null && stream.Id == id ? SsfResults.Json(RenderStatus(stream.Id, stream.Status, stream.StatusReason)) : NotFound();
    }

    /// <summary>
    /// The receiver sets the status (SSF 1.0 §8.1.2.2): <c>enabled</c>, <c>paused</c> (events are
    /// held, and sent once enabled again) or <c>disabled</c> (events queued are dropped, new ones are not queued).
    /// </summary>
    private static async Task<IResult> UpdateStatusAsync(HttpContext http, IEventStreams streams, TimeProvider time)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.StatusPath);
        if (failure is not null)
        {
            return failure;
        }

        var (body, bodyError) = await ReadBodyAsync(http);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String
            || !body.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "'stream_id' and 'status' are required.");
        }

        StreamStatus? status = statusElement.GetString() switch
        {
            "enabled" => StreamStatus.Enabled,
            "paused" => StreamStatus.Paused,
            "disabled" => StreamStatus.Disabled,
            _ => null,
        };
        if (status is null)
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "'status' must be 'enabled', 'paused' or 'disabled'.");
        }

        string? reason = null;
        if (body.TryGetProperty("reason", out var reasonElement) && reasonElement.ValueKind != JsonValueKind.Null)
        {
            if (reasonElement.ValueKind != JsonValueKind.String || reasonElement.GetString()!.Length > 2048)
            {
                return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "'reason' must be a string of at most 2048 characters.");
            }

            reason = reasonElement.GetString();
        }

        if (!await streams.SetStatusAsync(clientId!, id.GetString()!, status.Value, reason, time.GetUtcNow(), http.RequestAborted))
        {
            return NotFound();
        }

        Log.StreamStatusChanged(Logger(http), id.GetString()!, clientId!, statusElement.GetString()!);
        return SsfResults.Json(RenderStatus(id.GetString()!, status.Value, reason));
    }

    /// <summary>
    /// A verification request (SSF 1.0 §8.1.4.2): a verification event with the receiver's
    /// <c>state</c> is queued on the stream, and the answer is 204. At most one per
    /// <c>min_verification_interval</c> (429 otherwise). A disabled stream gets none (it transmits nothing).
    /// </summary>
    private static async Task<IResult> VerifyAsync(HttpContext http, IEventStreams streams, IBackChannelNotifier notifier, BrokerIssuer issuers, TimeProvider time)
    {
        var (clientId, failure) = await SsfAuthentication.AuthenticateAsync(http, SharedSignals.VerificationPath);
        if (failure is not null)
        {
            return failure;
        }

        var (body, bodyError) = await ReadBodyAsync(http);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return MissingStreamId();
        }

        string? state = null;
        if (body.TryGetProperty("state", out var stateElement) && stateElement.ValueKind != JsonValueKind.Null)
        {
            if (stateElement.ValueKind != JsonValueKind.String || stateElement.GetString()!.Length > 1024)
            {
                return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "'state' must be a string of at most 1024 characters.");
            }

            state = stateElement.GetString();
        }

        var stream = await streams.ForPlatformAsync(clientId!, http.RequestAborted);
        if (stream is null || stream.Id != id.GetString())
        {
            return NotFound();
        }

        if (stream.Delivery == StreamDelivery.Push
            && !StreamRules.IsRegisteredPushEndpoint(stream.EndpointUrl!, http.RequestServices.GetRequiredService<PlatformCatalog>().Find(clientId)!.AllowedPushEndpoints))
        {
            return SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest,
                "The stream's 'delivery.endpoint_url' is no longer registered for this platform; update the stream to a registered endpoint.");
        }

        if (!await streams.TryRecordVerificationAsync(clientId!, stream.Id, time.GetUtcNow(), SharedSignals.MinVerificationInterval, http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = ((int)SharedSignals.MinVerificationInterval.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SsfResults.Error(
                StatusCodes.Status429TooManyRequests,
                "too_many_requests",
                $"At most one verification per {(int)SharedSignals.MinVerificationInterval.TotalSeconds} s (min_verification_interval).");
        }

        if (stream.Status != StreamStatus.Disabled)
        {
            await notifier.NotifyVerificationAsync(stream, issuers.For(http), state, http.RequestAborted);
        }

        return Results.NoContent();
    }

    /// <summary>A stream configuration as SSF 1.0 §8.1.1 writes it. The push <c>authorization_header</c> is never echoed back.</summary>
    internal static JsonObject Render(StreamConfiguration stream, Uri issuer)
    {
        var delivery = new JsonObject
        {
            ["method"] = stream.Delivery == StreamDelivery.Poll ? SharedSignals.PollMethod : SharedSignals.PushMethod,
            ["endpoint_url"] = (stream.Delivery == StreamDelivery.Poll ? SsfPaths.PollEndpoint(issuer, stream.Id) : stream.EndpointUrl!).AbsoluteUri,
        };
        var rendered = new JsonObject
        {
            ["stream_id"] = stream.Id,
            ["iss"] = issuer.AbsoluteUri,
            ["aud"] = stream.ClientId,
            ["events_supported"] = new JsonArray([.. SharedSignals.EventsSupported.Select(e => (JsonNode)e)]),
            ["events_requested"] = new JsonArray([.. stream.EventsRequested.Select(e => (JsonNode)e)]),
            ["events_delivered"] = new JsonArray([.. StreamRules.EventsDelivered(SharedSignals.EventsSupported, stream.EventsRequested).Select(e => (JsonNode)e)]),
            ["delivery"] = delivery,
            ["min_verification_interval"] = (int)SharedSignals.MinVerificationInterval.TotalSeconds,
        };
        if (stream.Description is not null)
        {
            rendered["description"] = stream.Description;
        }

        return rendered;
    }

    private static JsonObject RenderStatus(string id, StreamStatus status, string? reason)
    {
        var rendered = new JsonObject { ["stream_id"] = id, ["status"] = status.ToString().ToLowerInvariant() };
        if (reason is not null)
        {
            rendered["reason"] = reason;
        }

        return rendered;
    }

    internal static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NetIdentity.Broker.Ssf");

    /// <summary>404 for a stream that does not exist or is another platform's: the two are indistinguishable.</summary>
    internal static IResult NotFound() =>
        SsfResults.Error(StatusCodes.Status404NotFound, "not_found", "This platform has no stream with that id.");

    /// <summary>400 for a call that names no stream (SSF 1.0 §8.1: <c>stream_id</c> is required there).</summary>
    private static IResult MissingStreamId() =>
        SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "'stream_id' is required.");

    /// <summary>The JSON body (at most 64 KiB), or a 400.</summary>
    internal static async Task<(JsonElement Body, IResult? Error)> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is > 65536)
        {
            return (default, SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The request body is too large."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, SsfResults.Error(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The request body must be JSON."));
        }
    }
}
