using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the back channel of security events (docs/events.md).</summary>
public static class BackChannelEventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IBackChannelNotifier"/>, the outbox dispatcher (a hosted service pushing
    /// queued events every <c>Broker:OutboxPollInterval</c>) and its HTTP client. Needs an
    /// <see cref="NetIdentity.Core.Consent.IEventOutbox"/> (NetIdentity.Data) and the token keys.
    /// A second call changes nothing.
    /// </summary>
    public static IServiceCollection AddBackChannelEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IBackChannelNotifier)))
        {
            return services;
        }

        services.AddOptions<BackChannelEventOptions>().Bind(configuration.GetSection(BrokerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackChannelEventOptions>, BackChannelEventOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IBackChannelNotifier, BackChannelNotifier>();
        services.TryAddSingleton<OutboxBacklog>();
        services.TryAddSingleton<NetIdentity.Broker.Ssf.StreamSecrets>();
        services.TryAddSingleton<NetIdentity.Broker.Ssf.PollWaiters>();
        services.TryAddSingleton<NetIdentity.Broker.Ssf.IStreamPushHeaders>(provider => provider.GetRequiredService<NetIdentity.Broker.Ssf.StreamSecrets>());
        services.TryAddSingleton<NetIdentity.Broker.Sessions.PlatformLogout>();

        services.AddHttpClient(OutboxDispatcher.HttpClientName, client => client.Timeout = OutboxDispatcher.RequestTimeout)

            // A redirect would carry the event to an address nobody registered: a failure, retried.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
