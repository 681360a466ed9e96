using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NetIdentity.Broker.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics, the Prometheus endpoint and the health endpoints (issue 11 §3).
/// OpenTelemetry's own packages do the work; this file only decides what is on, and where.
/// </summary>
public static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddBrokerTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(section);

        services.AddSingleton<BrokerMetrics>();
        services.Decorate<IAuthenticationLog>((inner, provider) => new MeteredAuthenticationLog(inner, provider.GetRequiredService<BrokerMetrics>()));
        services.Decorate<IConsentLedger>((inner, provider) => new MeteredConsentLedger(inner, provider.GetRequiredService<BrokerMetrics>()));
        services.Decorate<ILoginStates>((inner, provider) => new MeteredLoginStates(inner, provider.GetRequiredService<BrokerMetrics>()));
        services.Decorate<IEventOutbox>((inner, provider) => new MeteredEventOutbox(inner, provider.GetRequiredService<BrokerMetrics>()));

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("netidentity-broker"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(BrokerMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (PrometheusEnabled(options, environment))
            {
                metrics.AddPrometheusExporter();
            }

            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
            }
        });

        if (options.Tracing ?? options.OtlpEndpoint is not null)
        {
            // Query strings are redacted by the ASP.NET Core and HttpClient instrumentation by
            // default; EF Core spans carry the SQL text, never parameter values.
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
                }
            });
        }

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag])
            .AddCheck<KeysReadyCheck>("keys", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/healthz/live</c>: the process serves requests (no check: restarting cannot fix a database).
    /// <c>/healthz/ready</c> (and <c>/healthz</c>): the database is reachable and migrated, the keys are loaded.
    /// <c>/metrics</c>: Prometheus, when on.
    /// </summary>
    public static WebApplication MapBrokerTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (PrometheusEnabled(options, app.Environment))
        {
            var token = options.ScrapeToken;
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: token is { Length: > 0 }
                ? branch => branch.Use(async (context, next) =>
                {
                    if (!HasToken(context.Request, token))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        return;
                    }

                    await next(context);
                })
                : null, optionsName: null);
        }

        return app;
    }

    private const string ReadyTag = "ready";

    private static bool PrometheusEnabled(TelemetryOptions options, IHostEnvironment environment) => options.Prometheus ?? environment.IsDevelopment();

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())),
                SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
