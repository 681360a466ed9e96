using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetIdentity.Client;

/// <summary>
/// The platform's SSF push stream as <see cref="NetIdentityEventStreamKeeper"/> keeps it
/// (configuration section <c>NetIdentity:EventStream</c>): where the broker pushes, what it
/// pushes, and how patiently the platform waits for the broker at start-up.
/// </summary>
public sealed class NetIdentityEventStreamOptions
{
    /// <summary>The configuration section the samples bind: <c>NetIdentity:EventStream</c>.</summary>
    public const string SectionName = "NetIdentity:EventStream";

    /// <summary>
    /// Where the broker pushes: the platform's <c>MapNetIdentityEvents</c> endpoint, as an absolute
    /// URL the broker's operator registered for the platform (<c>BackChannelEventUri</c> or one of
    /// <c>SsfPushEndpoints</c>), e.g. <c>https://forum.example/events</c>. Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The event types asked for when the stream is created. Default: consent withdrawals, CAEP
    /// <c>session-revoked</c> and verification (the broker sends verification events whatever is asked).
    /// </summary>
    public IList<string> Events { get; } =
        [NetIdentitySecurityEvents.ConsentWithdrawn, NetIdentitySecurityEvents.SessionRevoked, NetIdentitySecurityEvents.Verification];

    /// <summary>Ask for a verification event once the stream is there (SSF 1.0 §8.1.4), to know pushes arrive. Default true.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>
    /// The longest pause between two attempts while the broker cannot be reached or refuses (the
    /// pauses start at one second and double). Default one minute; between one second and one hour.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The NetIdentity scheme whose broker and registration to use. Default <see cref="NetIdentityDefaults.AuthenticationScheme"/>.</summary>
    public string AuthenticationScheme { get; set; } = NetIdentityDefaults.AuthenticationScheme;
}

/// <summary>What <see cref="NetIdentityEventStreamKeeper"/> knows of the platform's stream at one moment.</summary>
/// <param name="StreamId">The stream's id, once ensured.</param>
/// <param name="Created">Whether this process created the stream (false: it adopted the one the platform had).</param>
/// <param name="Status">The status the broker last reported (<c>enabled</c>, <c>paused</c>, <c>disabled</c>).</param>
/// <param name="EnsuredAt">When the stream was created or adopted.</param>
/// <param name="VerificationRequestedAt">When this process last asked for a verification event.</param>
/// <param name="VerifiedAt">When the verification event it asked for arrived, verified: pushes reach the platform.</param>
/// <param name="Attempts">How many attempts the start-up took, or has taken so far.</param>
/// <param name="LastProblem">Why the last attempt failed, when it did (a status and error code, never a token).</param>
public sealed record NetIdentityEventStreamState(
    string? StreamId, bool Created, string? Status, DateTimeOffset? EnsuredAt, DateTimeOffset? VerificationRequestedAt,
    DateTimeOffset? VerifiedAt, int Attempts, string? LastProblem);

/// <summary>
/// Keeps the platform on an SSF push stream (docs/events.md, "SSF streams"): at start-up, in the
/// background and without holding the application's start, it makes sure the platform has its
/// push stream to <see cref="NetIdentityEventStreamOptions.Endpoint"/> (adopting the one it has,
/// <see cref="NetIdentitySsfClient.EnsurePushStreamAsync"/>), retrying with growing pauses while
/// the broker is not up, then asks for a verification event and reads the stream's status.
/// <see cref="Current"/> says how far it got; the verification event itself arrives at
/// <c>MapNetIdentityEvents</c>, which records it here. Add it with <c>AddNetIdentityEventStream</c>.
/// </summary>
public sealed class NetIdentityEventStreamKeeper
{
    private readonly Lock _lock = new();
    private NetIdentityEventStreamState _state = new(null, false, null, null, null, null, 0, null);
    private string? _expectedState;

    /// <summary>What is known of the stream now.</summary>
    public NetIdentityEventStreamState Current
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    internal void Update(Func<NetIdentityEventStreamState, NetIdentityEventStreamState> change)
    {
        lock (_lock)
        {
            _state = change(_state);
        }
    }

    /// <summary>A fresh <c>state</c> for the next verification request, remembered to recognise its event.</summary>
    internal string NewVerificationState(DateTimeOffset at)
    {
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_lock)
        {
            _expectedState = state;
            _state = _state with { VerificationRequestedAt = at };
        }

        return state;
    }

    /// <summary>A verified verification event arrived: it counts when it answers this process's request on its stream.</summary>
    internal bool RecordVerified(NetIdentityStreamVerification verification, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_expectedState is null || verification.State != _expectedState || verification.StreamId != _state.StreamId)
            {
                return false;
            }

            _state = _state with { VerifiedAt = at };
            return true;
        }
    }
}

/// <summary>The start-up work of <see cref="NetIdentityEventStreamKeeper"/>: ensure, verify, read the status.</summary>
internal sealed class NetIdentityEventStreamService(
    IServiceProvider services,
    NetIdentityEventStreamKeeper stream,
    IOptions<NetIdentityEventStreamOptions> options,
    TimeProvider time,
    ILogger<NetIdentityEventStreamKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold the application's start: the broker may start after the platform.
        await Task.Yield();
        var settings = options.Value;
        using var client = new NetIdentitySsfClient(services, settings.AuthenticationScheme);
        var ensured = await RetryAsync(async ct =>
        {
            var (configuration, created) = await client.EnsurePushStreamAsync(settings.Endpoint!, settings.Events, ct);
            stream.Update(s => s with { StreamId = configuration.StreamId, Created = created, EnsuredAt = time.GetUtcNow(), LastProblem = null });
            Log.StreamEnsured(logger, configuration.StreamId, created ? "created" : "adopted", configuration.EndpointUrl.AbsoluteUri);
            return configuration;
        }, settings, stoppingToken);
        if (ensured is null)
        {
            return;
        }

        if (settings.Verify)
        {
            await RetryAsync(async ct =>
            {
                await client.VerifyAsync(ensured.StreamId, stream.NewVerificationState(time.GetUtcNow()), ct);
                Log.StreamVerificationRequested(logger, ensured.StreamId);
                return ensured;
            }, settings, stoppingToken);
        }

        await RetryAsync(async ct =>
        {
            var status = await client.GetStatusAsync(ensured.StreamId, ct);
            stream.Update(s => s with { Status = status, LastProblem = null });
            return ensured;
        }, settings, stoppingToken);
    }

    /// <summary>Runs <paramref name="step"/> until it succeeds, pausing 1 s, 2 s, 4 s… up to the setting; null when stopped.</summary>
    private async Task<T?> RetryAsync<T>(Func<CancellationToken, Task<T>> step, NetIdentityEventStreamOptions settings, CancellationToken stoppingToken)
        where T : class
    {
        var delay = FirstDelay;
        while (true)
        {
            stream.Update(s => s with { Attempts = s.Attempts + 1 });
            try
            {
                return await step(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception) when (exception is NetIdentitySsfException or HttpRequestException or InvalidOperationException
                or OperationCanceledException or IOException or System.Text.Json.JsonException)
            {
                var problem = exception is NetIdentitySsfException ssf && ssf.Status != 0
                    ? $"{(int)ssf.Status} {ssf.Error}"
                    : exception.GetBaseException().GetType().Name;

                // The broker asks for a pause between verifications (min_verification_interval, 429): wait that long at least.
                var pause = exception is NetIdentitySsfException { Status: HttpStatusCode.TooManyRequests } && delay < TooManyRequestsPause
                    ? TooManyRequestsPause
                    : delay;
                stream.Update(s => s with { LastProblem = problem });
                Log.StreamAttemptFailed(logger, problem, pause.TotalSeconds);
                try
                {
                    await Task.Delay(pause, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>The broker's <c>min_verification_interval</c> (docs/events.md).</summary>
    private static readonly TimeSpan TooManyRequestsPause = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses settings the stream cannot work with, and says how to fix them.</summary>
internal sealed class NetIdentityEventStreamOptionsValidator : IValidateOptions<NetIdentityEventStreamOptions>
{
    private const string Section = NetIdentityEventStreamOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NetIdentityEventStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            failures.Add($"{Section}:Endpoint must be the absolute URL of this platform's MapNetIdentityEvents endpoint, as registered at the broker " +
                "(BackChannelEventUri or SsfPushEndpoints), e.g. https://forum.example/events; HTTPS unless on a loopback address.");
        }

        if (options.Events.Count == 0 || options.Events.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:Events must list at least one event type URI (e.g. {NetIdentitySecurityEvents.ConsentWithdrawn}), one per entry.");
        }

        if (options.MaxRetryDelay < TimeSpan.FromSeconds(1) || options.MaxRetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:MaxRetryDelay is {options.MaxRetryDelay}; it must be between 00:00:01 and 01:00:00.");
        }

        if (string.IsNullOrWhiteSpace(options.AuthenticationScheme))
        {
            failures.Add($"{Section}:AuthenticationScheme must name the NetIdentity scheme (default {NetIdentityDefaults.AuthenticationScheme}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
