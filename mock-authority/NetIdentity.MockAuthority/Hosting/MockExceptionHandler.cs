using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Tester;

namespace NetIdentity.MockAuthority.Hosting;

/// <summary>
/// The one place that turns an exception into a problem document, so nothing answers a bare 500
/// (contract §1.3): unreadable input (bad JSON, a missing or ill-typed member, an unreadable
/// body) is A0400001 (T0400001 on the tester API); anything unexpected is A0503001 (T0503001),
/// which a caller already retries.
/// </summary>
internal sealed class MockExceptionHandler(ILogger<MockExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var tester = httpContext.Request.Path.StartsWithSegments("/tester");
        var malformed = exception is JsonException or BadHttpRequestException or InvalidDataException;
        var problem = (malformed, tester) switch
        {
            (true, true) => TesterErrors.Malformed,
            (true, false) => AuthorityErrors.Malformed,
            (false, true) => TesterErrors.Unavailable,
            _ => AuthorityErrors.Unavailable,
        };
        if (malformed)
        {
            Log.MalformedRequest(logger, httpContext.Request.Path.ToString(), exception.GetType().Name, problem.Code);
        }
        else
        {
            Log.UnexpectedFailure(logger, exception, httpContext.Request.Path.ToString(), problem.Code);
        }

        await problem.ToResult().ExecuteAsync(httpContext);
        return true;
    }
}
