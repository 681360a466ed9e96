using Microsoft.AspNetCore.Authentication;
using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Hosting;

/// <summary><c>GET /login</c>: sends the browser to NetIdentity, and back to a page of this forum.</summary>
internal static class LoginEndpoint
{
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", ChallengeAsync);
        return endpoints;
    }

    private static async Task ChallengeAsync(string? returnUrl, HttpContext context, ILoggerFactory loggers)
    {
        // Only local return URLs: the login must not become an open redirector.
        var target = !string.IsNullOrEmpty(returnUrl) && IsLocal(returnUrl) ? returnUrl : "/me";
        try
        {
            await context.ChallengeAsync(NetIdentityDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = target });
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            // The broker's discovery document or PAR endpoint could not be reached: say so instead of a bare 500.
            Log.BrokerUnreachable(loggers.CreateLogger(LoginEvents.LogCategory), exception.GetBaseException().Message);
            context.Response.Redirect("/login-failed" + QueryString.Create([
                new KeyValuePair<string, string?>("error", "temporarily_unavailable"),
                new("description", "The forum could not reach the identity service (NetIdentity)."),
            ]).ToUriComponent());
        }
    }

    /// <summary>A network failure, directly (PAR) or wrapped by the configuration manager (discovery, IDX20803).</summary>
    private static bool IsUnreachable(Exception exception) =>
        exception is HttpRequestException or TaskCanceledException
        || exception is InvalidOperationException { InnerException: IOException or HttpRequestException };

    internal static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
