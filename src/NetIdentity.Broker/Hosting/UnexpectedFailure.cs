using System.Data.Common;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// What a request that failed with an exception answers, in every environment: a page naming
/// <see cref="LoginErrors.BrokerUnavailable"/> (NI1601) in Chinese and English, and nothing of the
/// exception, which <see cref="ExceptionHandlerMiddleware"/> has logged. When the database is the
/// cause (a restart or fail-over outlasting the retries of the execution strategy), the answer is
/// 503 with Retry-After: the same request will work again shortly (RFC 9110 §15.6.4); anything
/// else is 500. Written here rather than re-executing a Razor page: the failed request may be a
/// POST, which a page would refuse for its missing antiforgery token, and the page must not
/// need the database that just failed.
/// </summary>
internal static class UnexpectedFailure
{
    /// <summary>How long a person or a platform should wait before trying again after a database failure.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static IApplicationBuilder UseUnexpectedFailurePage(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => IsDatabaseFailure(exception) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            ExceptionHandler = WriteAsync,
        });

    /// <summary>
    /// A database that could not be reached or used for now: the retries gave up on it, or the
    /// provider calls the failure transient. A constraint violation is not: that is a bug, 500.
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is RetryLimitExceededException or TimeoutException or DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var error = LoginErrors.BrokerUnavailable;
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        var zh = WebUtility.HtmlEncode(error.MessageZh) + "<br />" + WebUtility.HtmlEncode(error.AdviceZh);
        var en = WebUtility.HtmlEncode(error.MessageEn) + "<br />" + WebUtility.HtmlEncode(error.AdviceEn);
        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="referrer" content="no-referrer" />
                <title>{error.Code} · 网络身份认证 NetIdentity</title>
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <main class="card">
                    <h1>暂时无法完成 · Not completed</h1>
                    <div class="error" data-error-code="{error.Code}">
                        <p lang="zh-CN">{zh}</p>
                        <p lang="en">{en}</p>
                        <p class="meta">错误代码 Error code <a href="/errors/{error.Code}">{error.Code}</a></p>
                    </div>
                </main>
            </body>
            </html>
            """,
            context.RequestAborted);
    }
}
