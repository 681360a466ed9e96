using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// <c>POST /backchannel-logout</c>: the forum's <c>backchannel_logout_uri</c> (OpenID Connect
/// Back-Channel Logout 1.0 §2.5). 200 when the token is valid (§2.8), 400 with
/// <c>{"error": "invalid_request", …}</c> when not, 503 when the broker's keys cannot be fetched;
/// always <c>Cache-Control: no-store</c>. The session itself ends at its next request
/// (<see cref="SignOutIfEndedAsync"/>).
/// </summary>
internal static class BackChannelLogoutEndpoint
{
    public static IEndpointRouteBuilder MapBackChannelLogout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/backchannel-logout", ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>The cookie's check on each request: a session back-channel logout ended is signed out.</summary>
    public static async Task SignOutIfEndedAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is { } user && context.HttpContext.RequestServices.GetRequiredService<EndedSessions>().IsEnded(user, context.Properties.IssuedUtc))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, LogoutTokenValidator validator, EndedSessions ended, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BackChannelLogoutEndpoint).FullName!);
        context.Response.Headers.CacheControl = "no-store";
        var token = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted))["logout_token"].ToString()
            : string.Empty;
        if (token.Length is 0 or > 16 * 1024)
        {
            return Refuse(logger, "The request must be a form with one logout_token (§2.5).");
        }

        (LogoutRequest? Logout, string? Error) validation;
        try
        {
            validation = await validator.ValidateAsync(token, context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            Log.EventKeysUnavailable(logger, exception.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (validation.Error is { } error)
        {
            return Refuse(logger, error);
        }

        var logout = validation.Logout!;
        if (ended.End(logout))
        {
            Log.LoggedOut(logger, logout.Jti, logout.Sid is null ? "every session of the subject" : "one session");
        }
        else
        {
            Log.EventRepeated(logger, logout.Jti);
        }

        return Results.Ok();
    }

    private static IResult Refuse(ILogger logger, string description)
    {
        Log.EventRefused(logger, "invalid_request", description);
        return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
    }
}
