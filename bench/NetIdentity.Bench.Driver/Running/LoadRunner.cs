using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.Bench.Driver.Running;

/// <summary>
/// Runs one scenario's logins: a closed loop (a fixed number in flight, each worker starting the
/// next login when its last one ends) or an open loop (<see cref="BenchOptions.Rate"/> arrivals a
/// second on a fixed schedule whatever the answers, each login timed from its scheduled start so a
/// slow server cannot hide its queue: no coordinated omission).
/// </summary>
internal sealed class LoadRunner(BenchOptions options, ILoginScenario scenario)
{
    private const int WarmUpWorkers = 16;

    private readonly ConcurrentBag<LoginOutcome> outcomes = [];

    public IReadOnlyCollection<LoginOutcome> Outcomes => outcomes;

    /// <summary>
    /// Logins run and thrown away before measuring (JIT, pools, caches), in a closed loop of at
    /// most <see cref="WarmUpWorkers"/>: an open loop's in-flight cap would make it a burst.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var left = options.Warmup;
        var started = Stopwatch.GetTimestamp();
        var workers = Math.Min(Math.Max(options.Concurrency, 1), WarmUpWorkers);
        if (options.WarmupDuration is null)
        {
            workers = Math.Min(workers, Math.Max(left, 1));
        }

        bool More() => Interlocked.Decrement(ref left) >= 0
            || (options.WarmupDuration is { } duration && Stopwatch.GetElapsedTime(started) < duration);

        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && More())
            {
                await RunOneAsync(Stopwatch.GetTimestamp(), cancellationToken);
            }
        }));
    }

    /// <summary>
    /// The measured phase, or one turn of it (<see cref="BenchOptions.Rounds"/>): runs for
    /// <paramref name="duration"/> (or, without one, <paramref name="count"/> logins); its outcomes
    /// join the earlier turns' in <see cref="Outcomes"/>. Returns its wall-clock time.
    /// </summary>
    public async Task<TimeSpan> MeasureAsync(TimeSpan? duration, int count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (options.Rate is { } rate)
        {
            await OpenLoopAsync(rate, duration, count, started, cancellationToken);
        }
        else
        {
            await ClosedLoopAsync(duration, count, started, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private async Task ClosedLoopAsync(TimeSpan? duration, int count, long started, CancellationToken cancellationToken)
    {
        var left = count;
        bool More() => duration is { } limit
            ? Stopwatch.GetElapsedTime(started) < limit
            : Interlocked.Decrement(ref left) >= 0;

        await Task.WhenAll(Enumerable.Range(0, Math.Max(options.Concurrency, 1)).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && More())
            {
                outcomes.Add(await RunOneAsync(Stopwatch.GetTimestamp(), cancellationToken));
            }
        }));
    }

    private async Task OpenLoopAsync(double rate, TimeSpan? duration, int count, long started, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        var total = duration is { } limit ? (int)Math.Ceiling(limit.TotalSeconds * rate) : count;
        var inFlight = new List<Task>();
        using var gate = new SemaphoreSlim(Math.Max(options.Concurrency, 1));
        for (var i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var scheduled = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = TimeSpan.FromSeconds((double)(scheduled - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            // At the in-flight cap the arrival is not dropped: it waits, and its wait counts in its latency.
            inFlight.Add(Task.Run(async () =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    outcomes.Add(await RunOneAsync(scheduled, cancellationToken));
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>One login, timed from <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    private async Task<LoginOutcome> RunOneAsync(long startedAt, CancellationToken cancellationToken)
    {
        var record = new LoginRecord();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.LoginTimeout);
        string? error = null;
        try
        {
            await scenario.RunAsync(record, timeout.Token);
        }
        catch (LoginFailedException failure)
        {
            // The code and where: "HTTP 200 at return" says more than "HTTP 200".
            error = failure.Code + " at " + failure.Step;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "timeout";
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException or IOException || exception.HttpRequestError is HttpRequestError.ConnectionError)
        {
            error = "connection";
        }
        catch (HttpRequestException exception)
        {
            error = "HTTP " + (exception.StatusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "error");
        }
        catch (System.Text.Json.JsonException)
        {
            error = "bad-json";
        }

        return new LoginOutcome(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, record, error);
    }
}
