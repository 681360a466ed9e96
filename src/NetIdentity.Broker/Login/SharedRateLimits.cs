using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Telemetry;

namespace NetIdentity.Broker.Login;

/// <summary>Marks an endpoint whose requests count against <see cref="AddressLimitOptions.PollsPerAddress"/>.</summary>
public sealed class PollLimitMetadata;

/// <summary>
/// The per-address and per-login limits (issue 8 §6, issue 11 §1), counted in
/// <see cref="Core.Login.ISharedCounters"/> so that every instance counts every attempt: behind a
/// load balancer with N instances an attacker gets the same budget as with one. Each limit is a
/// fixed window from the first counted request. Checked after routing, by the endpoint routing
/// chose, not by the path's spelling.
/// </summary>
public static class SharedRateLimits
{
    public static IApplicationBuilder UseSharedRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (!await RefusedAsync(context))
            {
                await next(context);
            }
        });
    }

    private static async Task<bool> RefusedAsync(HttpContext context)
    {
        var limits = LimitsOf(context);
        if (limits.Count == 0)
        {
            return false;
        }

        var services = context.RequestServices;
        var counters = services.GetRequiredService<Core.Login.ISharedCounters>();
        var keys = services.GetRequiredService<SharedCounterKeys>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var limit in limits)
        {
            var count = await counters.IncrementAsync(keys.For(limit.Purpose, limit.Value), limit.Window, now, context.RequestAborted);
            if (count > limit.Permits)
            {
                services.GetRequiredService<BrokerMetrics>().RateLimitRefused(limit.RealNameCheck ? "real-name-check" : "address");
                await (limit.RealNameCheck
                    ? OtherPathRateLimiting.RejectAsync(context, context.RequestAborted)
                    : NetIdRateLimiting.WriteRejectionAsync(context, context.RequestAborted));
                return true;
            }
        }

        return false;
    }

    private static List<Limit> LimitsOf(HttpContext context)
    {
        var address = ClientAddresses.PartitionOf(context.Connection.RemoteIpAddress);
        if (OtherPathRateLimiting.IsRealNameCheck(context))
        {
            var other = context.RequestServices.GetRequiredService<IOptions<OtherPathOptions>>().Value;
            var login = context.Request.RouteValues["id"] as string ?? string.Empty;
            return
            [
                new("real-name-address", address, other.AttemptsPerAddress, other.Window, RealNameCheck: true),
                new("real-name-login", login, other.AttemptsPerLogin, other.Window, RealNameCheck: true),
            ];
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<AddressLimitOptions>>().Value;
        if (NetIdRateLimiting.IsSessionOpen(context))
        {
            return [new("session-address", address, limits.SessionsPerAddress, limits.SessionWindow)];
        }

        return context.GetEndpoint()?.Metadata.GetMetadata<PollLimitMetadata>() is not null
            ? [new("poll-address", address, limits.PollsPerAddress, limits.PollWindow)]
            : [];
    }

    /// <summary>One limit a request counts against; <c>RealNameCheck</c> limits refuse with the other way's NI1406 page and log entry, the others with NI1204.</summary>
    private sealed record Limit(string Purpose, string Value, int Permits, TimeSpan Window, bool RealNameCheck = false);
}
