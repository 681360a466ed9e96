using System.Net.Http.Headers;
using System.Text;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// <c>POST /events</c>: the forum's push endpoint for the broker's Security Event Tokens
/// (RFC 8935). 202 when the event is verified and handled (or was already); 400 with
/// <c>{"err", "description"}</c> when it is refused (§2.4); 503 when the broker's keys cannot be
/// fetched to verify it (the broker tries again later).
/// </summary>
internal static class SecurityEventEndpoint
{
    /// <summary>A SET is small; anything much larger is not one.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSecurityEvents(this IEndpointRouteBuilder endpoints)
    {
        // Ahead of the /events page, which answers GET on the same path.
        endpoints.MapPost("/events", ReceiveAsync).WithOrder(-1).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, SecurityEventValidator validator, ConsentWithdrawalHandler handler, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SecurityEventEndpoint).FullName!);
        var cancellationToken = context.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, SecurityEventTypes.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(logger, SecurityEventError.InvalidRequest("The body must be a SET sent as application/secevent+jwt (RFC 8935 §2)."));
        }

        var token = await ReadBodyAsync(context.Request, cancellationToken);
        if (token is null)
        {
            return Refuse(logger, SecurityEventError.InvalidRequest("The body is empty or too large to be a SET."));
        }

        (ConsentWithdrawal? Event, SecurityEventError? Error) validation;
        try
        {
            validation = await validator.ValidateAsync(token, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            // Not the SET's fault: the broker will push it again (RFC 8935 §2.3 leaves retries to the transmitter).
            Log.EventKeysUnavailable(logger, exception.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (validation.Error is { } error)
        {
            return Refuse(logger, error);
        }

        var withdrawal = validation.Event!;
        var (handled, deleted) = handler.Handle(withdrawal);
        if (handled)
        {
            Log.EventHandled(logger, withdrawal.Jti, SecurityEventTypes.ConsentWithdrawn, deleted.Count);
        }
        else
        {
            Log.EventRepeated(logger, withdrawal.Jti);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static IResult Refuse(ILogger logger, SecurityEventError error)
    {
        Log.EventRefused(logger, error.Err, error.Description);
        return Results.Json(error, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>The body as text, trimmed; null when empty or over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim();
        return text.Length == 0 ? null : text;
    }
}
