using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Keys;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Pushes queued Security Event Tokens to platforms (RFC 8935): every poll interval it takes up to
/// <see cref="BatchSize"/> due events from the outbox, POSTs each, and records the outcome. A 202
/// (or 200/204) acknowledges the event; anything else — another status, a timeout, a refused
/// connection — schedules a retry (<see cref="RetrySchedule"/>). The outbox is in the database, so
/// delivery survives restarts; it is at least once, and receivers deduplicate by <c>jti</c>.
/// </summary>
internal sealed class OutboxDispatcher(
    IEventOutbox outbox,
    IActiveSigningKey keys,
    IHttpClientFactory clients,
    IOptions<BackChannelEventOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> the events travel with.</summary>
    public const string HttpClientName = "NetIdentity.Broker.Events";

    /// <summary>How long a platform has to acknowledge one event.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many due events one poll takes.</summary>
    public const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.OutboxPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting (a platform back after an outage): go on at once.
                if (await DispatchDueAsync(stoppingToken) == BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable: the events wait in it, so try again
                // at the next poll rather than stop the broker (BackgroundService's default).
                Log.PollFailed(logger, exception);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every event due now, at most <see cref="BatchSize"/>; returns how many were tried.</summary>
    internal async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.DueAsync(time.GetUtcNow(), BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // The pushes run together, so one slow platform does not hold the others back.
        var client = clients.CreateClient(HttpClientName);
        // Signed now, with the key active now (issue 9 §2): not the key of the moment it was queued.
        var outcomes = await Task.WhenAll(due.Select(message =>
            SendAsync(client, message, SecurityEventToken.ForSending(keys, message.Payload), cancellationToken)));
        for (var i = 0; i < due.Count; i++)
        {
            await RecordAsync(due[i], outcomes[i], cancellationToken);
        }

        return due.Count;
    }

    private static async Task<Outcome> SendAsync(HttpClient client, OutboxMessage message, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Endpoint)
        {
            Content = new StringContent(token, MediaTypeHeaderValue.Parse(SecurityEvents.MediaType)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            // Only the status matters; the body (an error description at most) is never read or logged.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent
                ? new Outcome(true, status, null)
                : new Outcome(false, status, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException exception)
        {
            // HttpClient.Timeout ends the request with a TaskCanceledException wrapping a TimeoutException.
            return new Outcome(false, null, exception.InnerException is TimeoutException ? nameof(TimeoutException) : exception.GetType().Name);
        }
        catch (Exception exception)
        {
            // A refused connection, a reset, a bad certificate…: retried like a status. Only the
            // exception's type is kept; its message may quote the endpoint's answer.
            return new Outcome(false, null, exception.GetType().Name);
        }
    }

    private async Task RecordAsync(OutboxMessage message, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = message.Attempts + 1;
        if (outcome.Delivered)
        {
            await outbox.MarkDeliveredAsync(message.Id, now, cancellationToken);
            Log.Delivered(logger, message.Id, message.ClientId, outcome.Status!.Value, attempt);
            return;
        }

        var next = now + RetrySchedule.DelayAfter(attempt, Random.Shared.NextDouble());
        await outbox.MarkFailedAsync(message.Id, attempt, next, outcome.Reason!, cancellationToken);
        Log.DeliveryFailed(logger, message.Id, message.ClientId, attempt, outcome.Reason!, next);
    }

    private sealed record Outcome(bool Delivered, int? Status, string? Reason);
}
