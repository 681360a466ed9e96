using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NetIdentity.Authority;
using NetIdentity.Broker.Keys;
using NetIdentity.Data;

namespace NetIdentity.Broker.Telemetry;

/// <summary>Ready only when the database answers and has every migration this build expects.</summary>
internal sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied: run the broker's migration (netidentity migrate) first.");
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            // The exception's message may carry a host name; the type is enough for a probe.
            return HealthCheckResult.Unhealthy($"The database check failed ({exception.GetType().Name}).");
        }
    }
}

/// <summary>Ready only when the token keys are loaded and the authority's keys are pinned and parsed.</summary>
internal sealed class KeysReadyCheck(KeyRing tokenKeys, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!tokenKeys.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The token keys are not loaded."));
        }

        try
        {
            var authority = services.GetRequiredService<AuthorityKeys>();
            return Task.FromResult(authority.SigningKeys.Count > 0
                ? HealthCheckResult.Healthy("Token keys loaded; authority keys pinned.")
                : HealthCheckResult.Unhealthy("No authority signing key is pinned."));
        }
        catch (Exception exception) when (exception is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The authority keys cannot be read ({exception.GetType().Name})."));
        }
    }
}
