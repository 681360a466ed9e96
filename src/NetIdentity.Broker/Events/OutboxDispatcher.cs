using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Keys;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Pushes queued Security Event Tokens (RFC 8935) and logout tokens (OpenID Connect Back-Channel
/// Logout 1.0 §2.5) to platforms: every poll interval it claims up to
/// <see cref="BatchSize"/> due events from the outbox for <see cref="Lease"/>, POSTs each, and
/// records the outcome. A 202 (or 200/204) acknowledges an event, 200 or 204 a logout token; anything else — another status,
/// a timeout, a refused connection — schedules a retry (<see cref="RetrySchedule"/>), until the
/// event has been failing for <see cref="BackChannelEventOptions.OutboxDeadLetterAfter"/>: then it
/// is a dead letter, kept for an operator to retry. The outbox is in the database, so delivery
/// survives restarts; it is at least once, and receivers deduplicate by <c>jti</c>. Instances share
/// the outbox: a claimed event is sent by its claimant alone, unless that instance dies (or
/// stalls) past its lease.
/// </summary>
internal sealed class OutboxDispatcher(
    IEventOutbox outbox,
    IActiveSigningKey keys,
    IHttpClientFactory clients,
    IOptions<BackChannelEventOptions> options,
    OutboxBacklog backlog,
    Ssf.IStreamPushHeaders streamHeaders,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> the events travel with.</summary>
    public const string HttpClientName = "NetIdentity.Broker.Events";

    /// <summary>How long a platform has to acknowledge one event.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many due events one poll takes.</summary>
    public const int BatchSize = 20;

    /// <summary>
    /// How long a claim holds: a batch's pushes run together, each within <see cref="RequestTimeout"/>,
    /// then their outcomes are written; six times that leaves room for a slow database. Another
    /// instance takes the events over only after it, so an instance that dies delays them by it.
    /// </summary>
    public static readonly TimeSpan Lease = RequestTimeout * 6;

    /// <summary>This instance, as the outbox's leases name it: host, process and a random part (two hosts in one process differ).</summary>
    public string InstanceId { get; } = OwnerId();

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

                // For the backlog gauges: three small reads per poll, while the outbox is quiet.
                await backlog.RefreshAsync(outbox, stoppingToken);
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

    /// <summary>Claims and sends the events due now, at most <see cref="BatchSize"/>; returns how many were tried.</summary>
    internal async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.ClaimAsync(InstanceId, time.GetUtcNow(), Lease, BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // The pushes run together, so one slow platform does not hold the others back.
        var client = clients.CreateClient(HttpClientName);
        // Signed now, with the key active now (issue 9 §2) and issued now (iat, issue 12): not the
        // key nor the time of the moment it was queued, so a receiver can refuse an old one as a replay.
        var now = time.GetUtcNow();
        var outcomes = await Task.WhenAll(due.Select(async message => message.Kind == OutboxKind.Logout
            ? await SendLogoutAsync(client, message, LogoutToken.Sign(keys.ActiveSigning, message.Payload, now), cancellationToken)
            : await SendAsync(
                client,
                message,
                SecurityEventToken.ForSending(keys, message.Payload, now),
                message.StreamId is { } stream ? await streamHeaders.ForAsync(stream, cancellationToken) : null,
                cancellationToken)));
        for (var i = 0; i < due.Count; i++)
        {
            await RecordAsync(due[i], outcomes[i], cancellationToken);
        }

        return due.Count;
    }

    /// <summary>
    /// A SET travels as the body (RFC 8935 §2); on an SSF stream with the <c>Authorization</c>
    /// header its receiver asked for (SSF 1.0 §8.1.1), sent as given.
    /// </summary>
    private static Task<Outcome> SendAsync(HttpClient client, OutboxMessage message, string token, string? authorization, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, message.Endpoint)
        {
            Content = new StringContent(token, MediaTypeHeaderValue.Parse(SecurityEvents.MediaType)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return PostAsync(client, request, status => status is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent, cancellationToken);
    }

    /// <summary>
    /// A logout token travels as the form parameter <c>logout_token</c> (Back-Channel Logout 1.0
    /// §2.5); the platform answers 200, or 204 as some frameworks do, when it logged the session out (§2.8).
    /// </summary>
    private static Task<Outcome> SendLogoutAsync(HttpClient client, OutboxMessage message, string token, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, message.Endpoint)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("logout_token", token)]),
        };
        return PostAsync(client, request, status => status is HttpStatusCode.OK or HttpStatusCode.NoContent, cancellationToken);
    }

    private static async Task<Outcome> PostAsync(HttpClient client, HttpRequestMessage message, Func<HttpStatusCode, bool> acknowledges, CancellationToken cancellationToken)
    {
        using var request = message;
        try
        {
            // Only the status matters; the body (an error description at most) is never read or logged.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return acknowledges(response.StatusCode)
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
            if (await outbox.MarkDeliveredAsync(message.Id, InstanceId, now, cancellationToken))
            {
                Log.Delivered(logger, message.Id, message.ClientId, outcome.Status!.Value, attempt);
            }
            else
            {
                Log.LeaseLost(logger, message.Id, message.ClientId, attempt, "delivered");
            }

            return;
        }

        var failingSince = message.FailingSince ?? now;
        if (now - failingSince >= options.Value.OutboxDeadLetterAfter)
        {
            if (await outbox.DeadLetterAsync(message.Id, InstanceId, attempt, now, outcome.Reason!, cancellationToken))
            {
                Log.DeadLettered(logger, message.Id, message.ClientId, attempt, failingSince, outcome.Reason!);
            }
            else
            {
                Log.LeaseLost(logger, message.Id, message.ClientId, attempt, outcome.Reason!);
            }

            return;
        }

        var next = now + RetrySchedule.DelayAfter(attempt, Random.Shared.NextDouble());
        if (await outbox.MarkFailedAsync(message.Id, InstanceId, attempt, now, next, outcome.Reason!, cancellationToken))
        {
            Log.DeliveryFailed(logger, message.Id, message.ClientId, attempt, outcome.Reason!, next);
        }
        else
        {
            Log.LeaseLost(logger, message.Id, message.ClientId, attempt, outcome.Reason!);
        }
    }

    /// <summary>At most 60 + 1 + 10 + 1 + 12 characters: within the lease owner column (100).</summary>
    private static string OwnerId()
    {
        var host = Environment.MachineName;
        var process = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var random = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        return $"{(host.Length > 60 ? host[..60] : host)}/{process}/{random}";
    }

    private sealed record Outcome(bool Delivered, int? Status, string? Reason);
}
