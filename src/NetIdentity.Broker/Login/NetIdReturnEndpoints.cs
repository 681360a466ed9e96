using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Login;

/// <summary>
/// <c>GET /login/{id}/netid/return</c>: where the national app, opened by the app link on the same
/// phone, hands the person back with a one-time value (authority-contract §3, v2). The value counts
/// only in the browser that holds this login (its login cookie), once; an app-link credential is
/// accepted only with it (CredentialRules). A relayed app link returns to the victim's browser,
/// which holds no such login: it is refused here, and the sender's login never completes (NI1122).
/// </summary>
public static partial class NetIdReturnEndpoints
{
    /// <summary>The value is opaque; this bounds its shape so nothing else rides along in it.</summary>
    private const int MinValueLength = 16;
    private const int MaxValueLength = 256;

    private const string RefusedPage = "/errors/NI1122";

    public static IEndpointRouteBuilder MapNetIdReturnEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login/{id}/netid/return", ReturnAsync);
        return endpoints;
    }

    private static async Task<IResult> ReturnAsync(
        string id,
        string? returnValue,
        HttpContext context,
        LoginTransactionStore store,
        PlatformCatalog platforms,
        NetIdLoginFlow flow,
        TimeProvider time,
        IOptions<BrokerOptions> options,
        ILogger<NetIdLoginFlow> logger)
    {
        // The value is in the address: let it go no further than this response (no-referrer is on
        // every response: SecurityHeaders).
        context.Response.Headers.CacheControl = "no-store";

        var transaction = LoginTransactionStore.IsWellFormedId(id) ? await store.ReadAsync(context, id) : null;
        var platform = platforms.Find(transaction?.ClientId);
        if (transaction is null || platform is null)
        {
            Log.AppReturnRefused(logger, "no login in this browser");
            return Results.Redirect(RefusedPage);
        }

        if (!IsWellFormed(returnValue))
        {
            Log.AppReturnRefused(logger, "malformed value");
            return Results.Redirect(RefusedPage);
        }

        // Set once: a value presented again, or after the login moved on, is a replay.
        if (LoginDecider.Next(transaction) != LoginStep.AwaitApp || transaction.AppReturnHash is not null)
        {
            Log.AppReturnRefused(logger, "already returned");
            return Results.Redirect(RefusedPage);
        }

        try
        {
            // Recorded with the poll's claim (compare-and-set): of two racing returns only one is
            // kept. The poll it triggers is counted like a status poll (issue 8 §6).
            transaction = await LoginEndpoints.PollOnceAsync(
                context, store, flow, platform, NetIdLoginFlow.WithAppReturn(transaction, returnValue!), time.GetUtcNow(), options.Value.MaximumPolls);
        }
        catch (LoginConflictException)
        {
            Log.AppReturnRefused(logger, "raced by another request");
            return Results.Redirect(RefusedPage);
        }

        return Results.Redirect(LoginDecider.Next(transaction) == LoginStep.AwaitApp ? LoginPaths.NetId(id) : LoginPaths.For(transaction));
    }

    private static bool IsWellFormed(string? value) =>
        value is { Length: >= MinValueLength and <= MaxValueLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
