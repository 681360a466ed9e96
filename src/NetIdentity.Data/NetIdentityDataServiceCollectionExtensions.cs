using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Login;
using NetIdentity.Core.Protocol;
using NetIdentity.Data;
using NetIdentity.Data.Audit;
using NetIdentity.Data.Consent;
using NetIdentity.Data.Keys;
using NetIdentity.Data.Limits;
using NetIdentity.Data.Login;
using NetIdentity.Data.PostgreSql;
using NetIdentity.Data.Protocol;
using NetIdentity.Data.Settings;
using NetIdentity.Data.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the broker's database and the stores built on it.</summary>
public static class NetIdentityDataServiceCollectionExtensions
{
    /// <summary>The Data Protection application name shared by every broker instance.</summary>
    public const string DataProtectionApplicationName = "NetIdentity.Broker";

    /// <summary>
    /// Registers <see cref="BrokerDbContext"/> (pooled) on the provider named by
    /// <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>PostgreSql</c>) with
    /// <c>ConnectionStrings:NetIdentity</c> (for SQLite, default <c>Data Source=netidentity.db</c>;
    /// for PostgreSQL, retries of transient failures per <c>Database:MaxRetryCount</c> and
    /// <c>Database:MaxRetryDelay</c>), and, as singletons, <see cref="IAuthenticationLog"/>, <see cref="AuthenticationLogVerifier"/>,
    /// <see cref="IKeyMaterialStore"/>, <see cref="ICodeIssuance"/>, <see cref="IConsentLedger"/>,
    /// <see cref="IIdentityDeliveries"/>, <see cref="IEventOutbox"/>, <see cref="ILoginStates"/> and <see cref="IReplayCache"/>. A second call changes nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="contentRoot">Where a relative SQLite file name points; the working directory if null.</param>
    /// <exception cref="InvalidOperationException">The configuration cannot work; the message says how to fix it.</exception>
    public static IServiceCollection AddNetIdentityData(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // AddDbContextPool adds its options action on every call, so a second call would stack a
        // second UseSqlite/UseNpgsql: the settings registration marks the first call instead, and
        // the first configuration wins.
        if (services.Any(d => d.ServiceType == typeof(NetIdentityDatabaseSettings)))
        {
            return services;
        }

        var settings = NetIdentityDatabaseSettings.Read(configuration, contentRoot);
        services.TryAddSingleton(settings);
        services.AddLogging();

        // The service type is the abstract BrokerDbContext, so OpenIddict's UseDbContext<BrokerDbContext>()
        // and Data Protection's PersistKeysToDbContext<BrokerDbContext>() resolve the provider's
        // subclass, whose migrations are its own.
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<BrokerDbContext, SqliteBrokerDbContext>(
                    options => SqliteBrokerDbContext.Configure(options, settings.ConnectionString));
                if (SqliteWalCheckpoints.HasLog(settings.ConnectionString))
                {
                    services.AddHostedService<SqliteWalCheckpoints>();
                }

                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<BrokerDbContext, PostgresBrokerDbContext>(
                    options => PostgresBrokerDbContext.Configure(options, settings.ConnectionString, settings.MaxRetryCount, settings.MaxRetryDelay));
                break;
        }

        services.TryAddSingleton<EfAuthenticationLog>();
        services.TryAddSingleton<IAuthenticationLog>(provider => provider.GetRequiredService<EfAuthenticationLog>());
        services.TryAddSingleton<AuthenticationLogVerifier>();
        services.TryAddSingleton<IKeyMaterialStore, EfKeyMaterialStore>();
        services.TryAddSingleton<ICodeIssuance, EfCodeIssuance>();
        services.TryAddSingleton<IConsentLedger, EfConsentLedger>();
        services.TryAddSingleton<IIdentityDeliveries, EfIdentityDeliveries>();
        services.TryAddSingleton<IEventOutbox, EfEventOutbox>();
        services.TryAddSingleton<ILoginStates, EfLoginStates>();
        services.TryAddSingleton<ISettingPins, EfSettingPins>();
        services.TryAddSingleton<ISharedCounters, EfSharedCounters>();
        services.TryAddSingleton<IReplayCache, EfReplayCache>();
        services.TryAddSingleton<NetIdentity.Core.Sessions.IPlatformSessions, NetIdentity.Data.Sessions.EfPlatformSessions>();
        services.TryAddSingleton<NetIdentity.Core.Streams.IEventStreams, NetIdentity.Data.Streams.EfEventStreams>();
        return services;
    }

    /// <summary>
    /// Keeps the ASP.NET Core Data Protection key ring in the NetIdentity database, under one
    /// application name, so every broker instance can unprotect what another protected (cookies,
    /// antiforgery tokens, <see cref="KeyMaterial.ProtectedMaterial"/>). Call after
    /// <see cref="AddNetIdentityData"/>.
    /// </summary>
    /// <remarks>
    /// The key ring is stored as Data Protection writes it: unencrypted unless the host adds a key
    /// encryptor (e.g. <c>ProtectKeysWithCertificate</c>) on the returned builder. Without one,
    /// whoever reads the database can read the keys that protect the signing keys in it.
    /// </remarks>
    public static IDataProtectionBuilder AddNetIdentityDataProtection(
        this IServiceCollection services,
        string applicationName = DataProtectionApplicationName) =>
        services
            .AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToDbContext<BrokerDbContext>();

    /// <summary>
    /// Applies the migrations the database lacks, creating it (for SQLite, the file and its
    /// folder) when needed. Safe when several instances start at once, on each provider with a
    /// lock held for the whole run; the instance that waited then finds nothing left to apply. On
    /// PostgreSQL, EF Core's own lock (<c>LOCK TABLE "__EFMigrationsHistory"</c>) is released
    /// after each migration, which lets two instances apply the same later migration, so the run
    /// is wrapped in a transaction-scoped advisory lock (see <c>PostgresMigrationLock</c>; a crash
    /// cannot leave it behind). SQLite's provider locks with a row in <c>__EFMigrationsLock</c>
    /// held until the last migration, which a killed process leaves behind; a row older than ten
    /// minutes is removed first (see <c>StaleSqliteMigrationLock</c>). The integration tests
    /// start two instances at once on an empty database, which has every migration pending, on
    /// both providers.
    /// </summary>
    public static async Task MigrateNetIdentityDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);

        var settings = services.GetRequiredService<NetIdentityDatabaseSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("NetIdentity.Data.Migrations");
        Log.Migrating(logger, settings.Provider.ToString());

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            CreateSqliteFolder(settings.ConnectionString);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
            if (await StaleSqliteMigrationLock.ReleaseAsync(db, now, cancellationToken) is { } takenAt)
            {
                Log.StaleMigrationLockReleased(logger, takenAt);
            }
        }

        if (settings.Provider == DatabaseProvider.PostgreSql)
        {
            await PostgresMigrationLock.MigrateAsync(db, settings.ConnectionString, cancellationToken);
        }
        else
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    private static void CreateSqliteFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || !Path.IsPathRooted(builder.DataSource))
        {
            return;
        }

        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
