namespace NetIdentity.Broker.Hosting;

/// <summary>The host's services: secrets from files, then the broker (<see cref="Microsoft.Extensions.DependencyInjection.NetIdentityBrokerServiceCollectionExtensions"/>).</summary>
public static class ServiceConfiguration
{
    public static WebApplicationBuilder ConfigureServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddSecretsDirectory();
        builder.Services.AddNetIdentityBroker(builder.Configuration, builder.Environment);
        return builder;
    }
}
