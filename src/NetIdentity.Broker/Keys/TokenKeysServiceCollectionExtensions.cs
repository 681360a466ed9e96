using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Keys;
using OpenIddict.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the token keys and their rotation (docs/architecture.md, "Key rotation").</summary>
public static class TokenKeysServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="KeyRing"/>, the operations (<see cref="KeyOperations"/>), the maintenance
    /// pass every <c>Broker:Keys:RefreshInterval</c>, and the change token through which OpenIddict
    /// takes a new key set without a restart. Needs the data layer and Data Protection. A second call changes nothing.
    /// </summary>
    public static IServiceCollection AddTokenKeys(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(KeyRing)))
        {
            return services;
        }

        services.AddOptions<KeyOptions>().Bind(configuration.GetSection(KeyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenKeyFactory>();
        services.AddSingleton<KeyRing>();
        services.AddSingleton<IActiveSigningKey>(provider => provider.GetRequiredService<KeyRing>());
        services.AddSingleton<KeyRetention>();
        services.AddSingleton<KeyOperations>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, KeyRingChangeTokenSource>();
        services.AddSingleton<KeyMaintenance>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyMaintenance>());
        return services;
    }
}
