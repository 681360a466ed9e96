using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;

namespace NetIdentity.Cli;

/// <summary>
/// The broker's own services, built from the broker's own configuration code (ServiceConfiguration)
/// and configuration sources (appsettings.json, appsettings.{Environment}.json, environment
/// variables, SecretsDirectory), so a command sees exactly what an instance would. Nothing is
/// served and no background service runs.
/// </summary>
internal static class BrokerServices
{
    public static WebApplication Build(CommonOptions common)
    {
        var args = common.Settings.Select(setting => "--" + setting).ToList();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            EnvironmentName = common.Environment,
            ContentRootPath = common.ContentRoot ?? AppContext.BaseDirectory,
            ApplicationName = typeof(BrokerOptions).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.ConfigureServices();
        return builder.Build();
    }

    /// <summary>Every options validation failure, as the broker would refuse to start with them; empty when valid.</summary>
    public static IReadOnlyList<string> ValidationFailures(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
        catch (AggregateException exception)
        {
            return [.. exception.Flatten().InnerExceptions.SelectMany(e => e is OptionsValidationException v ? v.Failures : [e.Message])];
        }
    }
}

/// <summary>The options every command takes.</summary>
internal sealed record CommonOptions(string? ContentRoot, string Environment, IReadOnlyList<string> Settings);
