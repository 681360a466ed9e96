using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetIdentity.Client;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The broker's back channel at the platform (docs/events.md): its pushed Security Event Tokens
/// (<see cref="MapNetIdentityEvents"/>) and its logout tokens
/// (<see cref="MapNetIdentityBackChannelLogout"/>). Each token is verified with the broker's keys
/// from the login's discovery document, deduplicated by <c>jti</c>
/// (<see cref="INetIdentityEventDeduplicator"/>), and handed to the platform's
/// <see cref="INetIdentityBackChannelHandler"/>:
/// <code>
/// builder.Services.AddSingleton&lt;INetIdentityBackChannelHandler, MyEventHandler&gt;();
/// …
/// app.MapNetIdentityEvents("/events");
/// app.MapNetIdentityBackChannelLogout("/backchannel-logout");
/// </code>
/// Register the paths as the platform's <c>BackChannelEventUri</c> and <c>BackChannelLogoutUri</c>
/// at the broker. Neither endpoint needs antiforgery or a login: the token is the proof.
/// </summary>
public static class NetIdentityEventEndpoints
{
    /// <summary>A SET or a logout token is small; anything much larger is not one.</summary>
    private const int MaxSetBytes = 64 * 1024;

    private const int MaxLogoutTokenChars = 16 * 1024;

    private const string LogCategory = "NetIdentity.Client.Events";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>, the RFC 8935 push endpoint for the broker's
    /// Security Event Tokens: 202 when the SET is verified and handled (or was already: the same
    /// <c>jti</c> again is acknowledged, not acted on twice); 400 with
    /// <c>{"err", "description"}</c> (RFC 8935 §2.4) when it is refused; 503 when the broker's
    /// keys cannot be fetched to verify it (the broker delivers it again later).
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The path, e.g. <c>/events</c>.</param>
    /// <param name="authenticationScheme">The NetIdentity scheme whose broker sends the events.</param>
    /// <returns>The endpoint, for more conventions (e.g. <c>WithOrder</c> when a page answers GET on the same path).</returns>
    /// <exception cref="InvalidOperationException">No <see cref="INetIdentityBackChannelHandler"/> is registered.</exception>
    public static RouteHandlerBuilder MapNetIdentityEvents(
        this IEndpointRouteBuilder endpoints, string pattern = "/events", string authenticationScheme = NetIdentityDefaults.AuthenticationScheme)
    {
        var tokens = Tokens(endpoints, authenticationScheme);
        return endpoints.MapPost(pattern, (Func<HttpContext, Task<IResult>>)(context => ReceiveSetAsync(context, tokens))).DisableAntiforgery().AllowAnonymous();
    }

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>, the <c>backchannel_logout_uri</c> (OpenID
    /// Connect Back-Channel Logout 1.0 §2.5): 200 when the form's <c>logout_token</c> is valid
    /// (§2.8; the same <c>jti</c> again is acknowledged, not acted on twice), 400 with
    /// <c>{"error": "invalid_request", "error_description"}</c> when not, 503 when the broker's
    /// keys cannot be fetched; always <c>Cache-Control: no-store</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The path, e.g. <c>/backchannel-logout</c>.</param>
    /// <param name="authenticationScheme">The NetIdentity scheme whose broker sends the logout tokens.</param>
    /// <returns>The endpoint, for more conventions.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="INetIdentityBackChannelHandler"/> is registered.</exception>
    public static RouteHandlerBuilder MapNetIdentityBackChannelLogout(
        this IEndpointRouteBuilder endpoints, string pattern = "/backchannel-logout", string authenticationScheme = NetIdentityDefaults.AuthenticationScheme)
    {
        var tokens = Tokens(endpoints, authenticationScheme);
        return endpoints.MapPost(pattern, (Func<HttpContext, Task<IResult>>)(context => ReceiveLogoutAsync(context, tokens))).DisableAntiforgery().AllowAnonymous();
    }

    private static NetIdentityEventTokens Tokens(IEndpointRouteBuilder endpoints, string scheme)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } known && !known.IsService(typeof(INetIdentityBackChannelHandler)))
        {
            throw new InvalidOperationException(
                "The broker's events are mapped, but no INetIdentityBackChannelHandler is registered: add one " +
                "(services.AddSingleton<INetIdentityBackChannelHandler, MyEventHandler>()) that deletes what was kept and ends sessions.");
        }

        return new NetIdentityEventTokens(
            services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>(),
            services.GetRequiredService<IOptionsMonitor<NetIdentityOptions>>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            scheme);
    }

    private static async Task<IResult> ReceiveSetAsync(HttpContext context, NetIdentityEventTokens tokens)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var cancellationToken = context.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, NetIdentitySecurityEvents.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(logger, SecurityEventError.InvalidRequest("The body must be a SET sent as application/secevent+jwt (RFC 8935 §2)."));
        }

        var token = await ReadBodyAsync(context.Request, cancellationToken);
        if (token is null)
        {
            return Refuse(logger, SecurityEventError.InvalidRequest("The body is empty or too large to be a SET."));
        }

        (ReceivedSet? Event, string? Issuer, SecurityEventError? Error) validation;
        try
        {
            validation = await tokens.ValidateSetAsync(token, cancellationToken);
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

        await HandleSetAsync(services, validation.Issuer!, validation.Event!, logger, cancellationToken);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>Hands a verified SET to the platform's handler unless its <c>jti</c> was handled before (pushed or polled alike).</summary>
    internal static async Task HandleSetAsync(IServiceProvider services, string issuer, ReceivedSet set, ILogger logger, CancellationToken cancellationToken)
    {
        var keepUntil = set.KeepUntil;
        var (type, handle) = set switch
        {
            { Withdrawal: { } withdrawal } => (NetIdentitySecurityEvents.ConsentWithdrawn,
                (Func<INetIdentityBackChannelHandler, CancellationToken, Task>)((handler, ct) => handler.OnConsentWithdrawnAsync(withdrawal, ct))),
            { SessionRevoked: { } revoked } => (NetIdentitySecurityEvents.SessionRevoked, (handler, ct) => handler.OnSessionRevokedAsync(revoked, ct)),
            _ => (NetIdentitySecurityEvents.Verification, (handler, ct) => handler.OnStreamVerifiedAsync(set.Verification!, ct)),
        };
        if (await HandleOnceAsync(services, issuer, set.Jti, keepUntil, handle, cancellationToken))
        {
            Log.EventHandled(logger, set.Jti, type);
            if (set.Verification is { } verification && services.GetService<NetIdentityEventStreamKeeper>() is { } stream
                && stream.RecordVerified(verification, (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow()))
            {
                Log.StreamVerified(logger, verification.StreamId);
            }
        }
        else
        {
            Log.EventRepeated(logger, set.Jti);
        }
    }

    private static async Task<IResult> ReceiveLogoutAsync(HttpContext context, NetIdentityEventTokens tokens)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var cancellationToken = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";
        var token = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(cancellationToken))["logout_token"].ToString()
            : string.Empty;
        if (token.Length is 0 or > MaxLogoutTokenChars)
        {
            return RefuseLogout(logger, "The request must be a form with one logout_token (§2.5).");
        }

        (NetIdentityLogout? Logout, string? Issuer, DateTimeOffset Expires, string? Error) validation;
        try
        {
            validation = await tokens.ValidateLogoutAsync(token, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            Log.EventKeysUnavailable(logger, exception.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (validation.Error is { } error)
        {
            return RefuseLogout(logger, error);
        }

        var logout = validation.Logout!;

        // Remembered past its exp (and the clock skew the handler allows), after which it is refused anyway.
        var handled = await HandleOnceAsync(services, validation.Issuer!, logout.Jti, validation.Expires + TimeSpan.FromMinutes(10),
            (handler, ct) => handler.OnLoggedOutAsync(logout, ct), cancellationToken);
        if (handled)
        {
            Log.LoggedOut(logger, logout.Jti, logout.Sid is null ? "every session of the subject" : "one session");
        }
        else
        {
            Log.EventRepeated(logger, logout.Jti);
        }

        return Results.Ok();
    }

    /// <summary>Calls the handler unless the <c>jti</c> was handled before; false then. A failed handler forgets the <c>jti</c> again.</summary>
    private static async Task<bool> HandleOnceAsync(
        IServiceProvider services, string issuer, string jti, DateTimeOffset keepUntil,
        Func<INetIdentityBackChannelHandler, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var deduplicator = services.GetRequiredService<INetIdentityEventDeduplicator>();
        if (!await deduplicator.TryRecordAsync(issuer, jti, keepUntil, cancellationToken))
        {
            return false;
        }

        try
        {
            await handle(services.GetRequiredService<INetIdentityBackChannelHandler>(), cancellationToken);
            return true;
        }
        catch
        {
            await deduplicator.ForgetAsync(issuer, jti, CancellationToken.None);
            throw;
        }
    }

    private static IResult Refuse(ILogger logger, SecurityEventError error)
    {
        Log.EventRefused(logger, error.Err, error.Description);
        return Results.Json(error, statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult RefuseLogout(ILogger logger, string description)
    {
        Log.EventRefused(logger, "invalid_request", description);
        return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>The body as text, trimmed; null when empty or over <see cref="MaxSetBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxSetBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSetBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim();
        return text.Length == 0 ? null : text;
    }
}
