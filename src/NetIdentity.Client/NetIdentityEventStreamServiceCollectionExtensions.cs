using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetIdentity.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Puts the platform on an SSF push stream (docs/events.md, "SSF streams"), next to
/// <c>AddNetIdentity</c> and <c>MapNetIdentityEvents</c>:
/// <code>
/// services.AddNetIdentityEventStream(options => configuration.GetSection(NetIdentityEventStreamOptions.SectionName).Bind(options));
/// </code>
/// At start-up, in the background, the platform's stream to its events endpoint is created or
/// adopted, a verification event asked for, and the status read; <see cref="NetIdentityEventStreamKeeper"/>
/// (a singleton) says how far that got, e.g. for a status page.
/// </summary>
public static class NetIdentityEventStreamServiceCollectionExtensions
{
    /// <summary>Adds the stream and its start-up work; the options are validated at start-up.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the <see cref="NetIdentityEventStreamOptions"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNetIdentityEventStream(this IServiceCollection services, Action<NetIdentityEventStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetIdentityEventStreamOptions>, NetIdentityEventStreamOptionsValidator>());
        services.AddOptions<NetIdentityEventStreamOptions>().Configure(configure).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NetIdentityEventStreamKeeper>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, NetIdentityEventStreamService>());
        return services;
    }
}
