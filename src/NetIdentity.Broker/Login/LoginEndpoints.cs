using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The login's machine-facing endpoints: the status the waiting page polls, and a plain
/// "continue" for browsers without script and for scripted logins (docs/mock-authority.md).
/// </summary>
public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login/{id}/netid/status", StatusAsync);
        endpoints.MapGet("/login/{id}/netid/continue", ContinueAsync);
        return endpoints;
    }

    /// <summary>Polls the authority once; answers where the page should go next, if anywhere.</summary>
    private static async Task<IResult> StatusAsync(string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow)
    {
        var transaction = await AdvanceAsync(id, context, store, platforms, flow);
        if (transaction is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This login is unknown or has expired.", extensions: new Dictionary<string, object?> { ["code"] = "NI1302" });
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new LoginStatus(
            transaction.State switch
            {
                LoginState.Verified => "verified",
                LoginState.Failed => "failed",
                _ => "pending",
            },
            Next(transaction),
            transaction.SessionExpiresAt));
    }

    private static async Task<IResult> ContinueAsync(string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow)
    {
        var transaction = await AdvanceAsync(id, context, store, platforms, flow);
        return transaction is null
            ? Results.Redirect("/errors/NI1302")
            : Results.Redirect(Next(transaction) ?? LoginPaths.NetId(id));
    }

    private static async Task<LoginTransaction?> AdvanceAsync(string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow)
    {
        var transaction = store.Read(context, id);
        var platform = platforms.Find(transaction?.ClientId);
        if (transaction is null || platform is null)
        {
            return null;
        }

        var advanced = await flow.PollAsync(transaction, platform, context.RequestAborted);
        if (!ReferenceEquals(advanced, transaction))
        {
            store.Write(context, advanced);
        }

        return advanced;
    }

    private static string? Next(LoginTransaction transaction) => transaction.State switch
    {
        LoginState.Verified => transaction.ReturnUrl,
        LoginState.Failed => LoginPaths.Failed(transaction.Id),
        _ => null,
    };

    private sealed record LoginStatus(string State, string? Next, DateTimeOffset? ExpiresAt);
}
