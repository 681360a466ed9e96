using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The other way's real-name check, limited per client address and per login (counted by
/// <see cref="SharedRateLimits"/>): a clear 429 page (NI1406) and an authentication log entry for
/// each refusal.
/// </summary>
public static class OtherPathRateLimiting
{
    /// <summary>
    /// True for the real-name check: the request that asks the authority about a name and number.
    /// Decided by the endpoint that routing chose, not by the path's spelling: routing also takes
    /// <c>/login/{id}/OTHER</c> and <c>/login/{id}/other/</c>, which must not slip past the limits.
    /// </summary>
    public static bool IsRealNameCheck(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == "/Login/Other";

    /// <summary>Refuses a real-name check past its limit: the refusal is logged (PRODUCT rule 6), then the 429 page.</summary>
    public static async Task RejectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var store = context.RequestServices.GetRequiredService<LoginTransactionStore>();
        var id = context.Request.RouteValues["id"] as string ?? context.Request.Path.Value!.Split('/')[2];
        var transaction = await store.ReadAsync(context, id);
        await context.RequestServices.GetRequiredService<IAuthenticationLog>().AppendAsync(
            new AuthenticationLogEntry
            {
                Time = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                ClientId = transaction?.ClientId ?? "-",
                Path = "document",
                ResultCode = LoginErrors.TooManyAttempts.Code,
            },
            cancellationToken);
        await TooManyAttemptsPage.WriteAsync(context, id, cancellationToken);
    }
}

/// <summary>The 429 page: what happened and what to do, in the person's language, no detail on which limit.</summary>
public static class TooManyAttemptsPage
{
    public static Task WriteAsync(HttpContext context, string loginId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The window the limits count in (RFC 9110 §10.2.3): a lock-out is over when it has passed.
        var window = context.RequestServices.GetRequiredService<IOptions<OtherPathOptions>>().Value.Window;
        return WriteAsync(context, loginId, LoginErrors.TooManyAttempts, window, cancellationToken);
    }

    /// <summary>The page for <paramref name="error"/>, with a Retry-After of <paramref name="window"/>.</summary>
    public static async Task WriteAsync(HttpContext context, string loginId, LoginError error, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var english = Pages.Ui.IsEnglish;
        var message = WebUtility.HtmlEncode(english ? error.MessageEn : error.MessageZh);
        var advice = WebUtility.HtmlEncode(english ? error.AdviceEn : error.AdviceZh);
        var back = WebUtility.HtmlEncode(Oidc.LoginPaths.Method(loginId));
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="{(english ? "en" : "zh-CN")}"><head><meta charset="utf-8"><title>{error.Code}</title>
            <link rel="stylesheet" href="/css/site.css"></head><body><main class="card">
            <h1>{(english ? "Please wait" : "请稍后再试")}</h1>
            <div class="error" data-error-code="{error.Code}"><p><strong>{message}</strong></p><p>{advice}</p></div>
            <p><a class="button secondary" href="{back}">{(english ? "Back to the choices" : "返回选择")}</a></p>
            </main></body></html>
            """,
            cancellationToken);
    }
}
