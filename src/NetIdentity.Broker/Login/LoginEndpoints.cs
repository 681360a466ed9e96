using System.Globalization;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
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
        endpoints.MapGet("/login/{id}/netid/status", StatusAsync).WithMetadata(new PollLimitMetadata());
        endpoints.MapGet("/login/{id}/netid/continue", ContinueAsync).WithMetadata(new PollLimitMetadata());
        endpoints.MapGet("/login/{id}/guardian/complete/{guardianId}", GuardianCompleteAsync);
        return endpoints;
    }

    /// <summary>Polls the authority once; answers where the page should go next, if anywhere.</summary>
    private static async Task<IResult> StatusAsync(
        string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow, IOptions<BrokerOptions> options, TimeProvider time)
    {
        var transaction = await AdvanceAsync(id, context, store, platforms, flow, options, time);
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

    private static async Task<IResult> ContinueAsync(
        string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow, IOptions<BrokerOptions> options, TimeProvider time)
    {
        var transaction = await AdvanceAsync(id, context, store, platforms, flow, options, time);
        return transaction is null
            ? Results.Redirect("/errors/NI1302")
            : Results.Redirect(Next(transaction) ?? LoginPaths.NetId(id));
    }

    /// <summary>The guardian's login ended: confirm the guardianship, then the guardian consents.</summary>
    private static async Task<IResult> GuardianCompleteAsync(
        string id, string guardianId, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, GuardianFlow guardians, NetIdLoginFlow flow)
    {
        var child = await store.ReadAsync(context, id);
        var guardian = await store.ReadAsync(context, guardianId);
        if (child is null || platforms.Find(child.ClientId) is null || !child.NeedsGuardian)
        {
            return Results.Redirect("/errors/NI1302");
        }

        if (guardian is not null)
        {
            // The guardian's verification is used once: a replayed guardian cookie finds nothing.
            await store.DeleteAsync(context, guardian);
        }

        var (confirmed, error) = guardian is null
            ? (child, LoginErrors.GuardianNotVerified)
            : await guardians.ConfirmAsync(child, guardian, context.RequestAborted);
        if (error is not null)
        {
            await store.WriteAsync(context, await flow.FailAsync(child, error, context.RequestAborted));
            return Results.Redirect(LoginPaths.Failed(id));
        }

        await store.WriteAsync(context, confirmed);
        return Results.Redirect(LoginPaths.GuardianConsent(id));
    }

    private static async Task<LoginTransaction?> AdvanceAsync(
        string id, HttpContext context, LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow, IOptions<BrokerOptions> options, TimeProvider time)
    {
        var transaction = await store.ReadAsync(context, id);
        var platform = platforms.Find(transaction?.ClientId);
        if (transaction is null || platform is null)
        {
            return null;
        }

        if (LoginDecider.Next(transaction) != LoginStep.AwaitApp)
        {
            return transaction;
        }

        // Each poll is a signed authority call: at most one per interval per login, counted on the
        // server, whatever the browser or a script does (issue 8 §6).
        var now = time.GetUtcNow();
        var broker = options.Value;
        if (transaction.LastPolledAt is { } last && now - last < broker.MinimumPollInterval)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(broker.MinimumPollInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return transaction;
        }

        try
        {
            return await PollOnceAsync(context, store, flow, platform, transaction, now, broker.MaximumPolls);
        }
        catch (LoginConflictException)
        {
            // Another poll came first: report the login as it now stands.
            return await store.ReadAsync(context, id);
        }
    }

    /// <summary>
    /// One authority query for <paramref name="transaction"/>, counted on the server: the poll is
    /// claimed first (compare-and-set, so of two racing polls only one reaches the authority),
    /// then its answer is stored. Past <paramref name="maximumPolls"/> the login fails instead.
    /// Throws <see cref="LoginConflictException"/> when another request moved the login on.
    /// </summary>
    internal static async Task<LoginTransaction> PollOnceAsync(
        HttpContext context, LoginTransactionStore store, NetIdLoginFlow flow, PlatformOptions platform, LoginTransaction transaction, DateTimeOffset now, int maximumPolls)
    {
        var claimed = await store.WriteAsync(context, transaction with { LastPolledAt = now, Polls = transaction.Polls + 1 });
        var advanced = claimed.Polls > maximumPolls
            ? await flow.FailAsync(claimed, LoginErrors.SessionExpired, context.RequestAborted)
            : await flow.PollAsync(claimed, platform, context.RequestAborted);
        return ReferenceEquals(advanced, claimed) ? claimed : await store.WriteAsync(context, advanced);
    }

    /// <summary>Where the waiting page goes once the app has answered; null while it has not.</summary>
    private static string? Next(LoginTransaction transaction) =>
        LoginDecider.Next(transaction) == LoginStep.AwaitApp ? null : LoginPaths.For(transaction);

    private sealed record LoginStatus(string State, string? Next, DateTimeOffset? ExpiresAt);
}
