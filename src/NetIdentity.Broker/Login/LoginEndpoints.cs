using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The login's machine-facing endpoints: the status the waiting page polls, and a plain
/// "continue" for browsers without script and for scripted logins (docs/mock-authority.md).
/// </summary>
public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login/{id}/netid/status", StatusAsync).RequireRateLimiting(NetIdRateLimiting.PollPolicy);
        endpoints.MapGet("/login/{id}/netid/continue", ContinueAsync).RequireRateLimiting(NetIdRateLimiting.PollPolicy);
        endpoints.MapGet("/login/{id}/guardian/complete/{guardianId}", GuardianCompleteAsync);
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

    /// <summary>The guardian's login ended: confirm the guardianship, then the guardian consents.</summary>
    private static async Task<IResult> GuardianCompleteAsync(
        string id, string guardianId, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, GuardianFlow guardians, NetIdLoginFlow flow)
    {
        var child = store.Read(context, id);
        var guardian = store.Read(context, guardianId);
        if (child is null || platforms.Find(child.ClientId) is null || !child.NeedsGuardian)
        {
            return Results.Redirect("/errors/NI1302");
        }

        store.Delete(context, guardianId);
        var (confirmed, error) = guardian is null
            ? (child, LoginErrors.GuardianNotVerified)
            : await guardians.ConfirmAsync(child, guardian, context.RequestAborted);
        if (error is not null)
        {
            store.Write(context, await flow.FailAsync(child, error, context.RequestAborted));
            return Results.Redirect(LoginPaths.Failed(id));
        }

        store.Write(context, confirmed);
        return Results.Redirect(LoginPaths.GuardianConsent(id));
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
