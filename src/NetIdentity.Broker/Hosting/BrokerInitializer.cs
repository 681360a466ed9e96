using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Platforms;
using NetIdentity.Data;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// What must hold before the first request: the database is migrated, the pairwise key is the one
/// it was started with, the token keys are loaded (or made, once), and the store knows exactly the
/// declared platforms.
/// </summary>
public static class BrokerInitializer
{
    public static async Task InitializeBrokerAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Refuse a bad configuration before touching the database (ValidateOnStart would only
        // run when the host starts, after the migrations and key creation below).
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        await app.Services.MigrateNetIdentityDatabaseAsync(cancellationToken);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await PairwiseKeyPin.CheckAsync(services, app.Logger, cancellationToken);
        await services.GetRequiredService<KeyRing>().LoadAsync(cancellationToken);
        await services.GetRequiredService<PlatformSynchronizer>().SynchronizeAsync(cancellationToken);

        if (!services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Login.OtherPathOptions>>().Value.Enabled)
        {
            Log.OtherPathDisabled(app.Logger);
        }
    }
}
