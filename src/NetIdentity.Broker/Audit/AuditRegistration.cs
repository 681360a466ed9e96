using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Audit;
using NetIdentity.Core.Audit;
using NetIdentity.Data.Audit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the audit log's signed checkpoints (issue 9 §8).</summary>
public static class AuditRegistration
{
    /// <summary>
    /// Binds <see cref="AuditOptions"/> (<c>Broker:Audit</c>), registers <see cref="AuditKeys"/>, the
    /// <see cref="AuditCheckpointer"/> signing with the organisation key, and the hosted service
    /// that checkpoints periodically and at shutdown. Call after <c>AddNetIdentityData</c> and
    /// <c>AddNationalAuthority</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration.</param>
    public static IServiceCollection AddAuditCheckpoints(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<AuditKeys>();
        services.TryAddSingleton(provider => provider.GetRequiredService<AuditKeys>().Signing);
        services.TryAddSingleton<AuditCheckpointer>();
        services.AddHostedService<AuditCheckpointService>();
        return services;
    }
}
