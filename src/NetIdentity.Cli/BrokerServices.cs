using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Cli;

/// <summary>
/// The broker's own services, built from the broker's configuration (appsettings.json in the
/// current folder, <c>appsettings.{Environment}.json</c>, environment variables), never started:
/// the same database, Data Protection key ring and key settings as the broker instances, so what
/// the commands change is exactly what the instances read.
/// </summary>
internal static class BrokerServices
{
    public static async Task<WebApplication> OpenAsync(
        IReadOnlyDictionary<string, string?>? settings, string? environment, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = environment,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.ConfigureServices();
        var app = builder.Build();

        // The database must be the broker's, already migrated by a broker's start. Loading the
        // keys makes the first ones only on a database no broker has used yet, as a start would.
        await app.Services.GetRequiredService<KeyRing>().LoadAsync(cancellationToken);
        return app;
    }
}
