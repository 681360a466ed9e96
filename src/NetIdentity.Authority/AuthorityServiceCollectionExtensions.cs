using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using NetIdentity.Authority;
using NetIdentity.Authority.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the authority adapter.</summary>
public static class AuthorityServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="INationalAuthority"/> as the HTTP client of docs/authority-contract.md, with
    /// options validated at start-up, keys parsed once, and a resilience pipeline: a total
    /// timeout, retries with exponential backoff and jitter for transient faults of the calls that
    /// are safe to repeat, a circuit breaker that a 429 does not open, and a per-attempt timeout
    /// (Microsoft.Extensions.Http.Resilience; per endpoint in AuthorityCallPolicy). Every figure
    /// is an <see cref="AuthorityOptions"/> setting, checked at start-up: Polly would refuse a
    /// figure out of its range only at the first call. A second call only adds configuration.
    /// </summary>
    public static IServiceCollection AddNationalAuthority(this IServiceCollection services, Action<AuthorityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AuthorityOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AuthorityKeys)))
        {
            return services;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthorityOptions>, AuthorityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuthorityKeys>();

        services.AddHttpClient<INationalAuthority, AuthorityHttpClient>((provider, client) =>
            {
                var value = provider.GetRequiredService<IOptions<AuthorityOptions>>().Value;
                client.BaseAddress = value.BaseAddress;
                // The pipeline below owns timeouts, but it ends when the response headers arrive:
                // HttpClient reads the body after it. Its own timeout, set to the total, bounds
                // that read too, so an answer that trickles in cannot outlast TotalTimeout.
                client.Timeout = value.TotalTimeout;
            })
            .AddResilienceHandler("authority", (builder, context) =>
            {
                var value = context.ServiceProvider.GetRequiredService<IOptions<AuthorityOptions>>().Value;
                builder.AddTimeout(value.TotalTimeout);
                if (value.MaxRetries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = value.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = value.RetryDelay,
                        ShouldHandle = args => ValueTask.FromResult(AuthorityCallPolicy.ShouldRetry(args.Context, args.Outcome)),
                    });
                }

                var breaker = value.CircuitBreaker;
                builder
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        SamplingDuration = breaker.SamplingDuration > value.AttemptTimeout * 2 ? breaker.SamplingDuration : value.AttemptTimeout * 2,
                        FailureRatio = breaker.FailureRatio,
                        MinimumThroughput = breaker.MinimumThroughput,
                        BreakDuration = breaker.BreakDuration,
                        ShouldHandle = args => ValueTask.FromResult(AuthorityCallPolicy.CountsAgainstBreaker(args.Outcome)),
                    })
                    .AddTimeout(value.AttemptTimeout);
            });

        return services;
    }
}
