using System.Diagnostics.Metrics;
using NetIdentity.Broker.Events;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Telemetry;

/// <summary>
/// The broker's own metrics (meter <c>NetIdentity.Broker</c>; docs/operations.md lists them). Every
/// label comes from a closed set: a path, an NI code, a decision, a limit's name. None takes a
/// platform's input, a subject, a token or anything about a person (PRODUCT rule 7), which
/// <c>Telemetry.MetricsPrivacyTests</c> checks on a real scrape.
/// </summary>
public sealed class BrokerMetrics : IDisposable
{
    public const string MeterName = "NetIdentity.Broker";

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _consents;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _deadLettered;

    /// <param name="meters">Where the meter comes from.</param>
    /// <param name="backlog">The outbox as last counted, for its gauges; without it they report nothing.</param>
    /// <param name="time">The clock the oldest pending event's age is measured with.</param>
    public BrokerMetrics(IMeterFactory meters, OutboxBacklog? backlog = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _started = _meter.CreateCounter<long>("netidentity.logins.started", "{login}", "Logins opened at the authorization endpoint.");
        _completed = _meter.CreateCounter<long>("netidentity.logins.completed", "{login}", "Verification attempts ended, by path and result (C0000000 passed, else the NI code).");
        _consents = _meter.CreateCounter<long>("netidentity.consent.decisions", "{decision}", "Consent ledger entries, by decision.");
        _refusals = _meter.CreateCounter<long>("netidentity.rate_limit.refusals", "{request}", "Requests refused by a rate limit, by limit.");
        _deadLettered = _meter.CreateCounter<long>("netidentity.outbox.dead_lettered", "{event}", "Security events given up after failing for Broker:OutboxDeadLetterAfter.");

        // Gauges of the whole outbox (every instance sees the same figures), read from the last
        // count rather than the database, so a scrape never waits for it.
        var clock = time ?? TimeProvider.System;
        _meter.CreateObservableGauge("netidentity.outbox.pending", () => Observe(backlog, s => s.Pending), "{event}", "Security events not yet delivered and not dead: the backlog.");
        _meter.CreateObservableGauge("netidentity.outbox.dead_letters", () => Observe(backlog, s => s.Dead), "{event}", "Dead letters waiting for an operator's retry.");
        _meter.CreateObservableGauge(
            "netidentity.outbox.oldest_pending_age",
            () => Observe(backlog, s => s.OldestPendingCreatedAt is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0d),
            "s",
            "How long the oldest pending security event has waited since it was queued; 0 when none waits.");
    }

    public void LoginStarted() => _started.Add(1);

    /// <param name="path"><c>netid</c> or <c>document</c>.</param>
    /// <param name="result"><c>C0000000</c> or an NI code from LoginErrors.</param>
    public void LoginCompleted(string path, string result) =>
        _completed.Add(1, new("netidentity.path", Closed(path)), new("netidentity.result", Closed(result)));

    public void ConsentDecided(ConsentDecision decision) =>
        _consents.Add(1, new KeyValuePair<string, object?>("netidentity.decision", decision switch
        {
            ConsentDecision.Granted => "granted",
            ConsentDecision.Refused => "refused",
            ConsentDecision.Withdrawn => "withdrawn",
            _ => "other",
        }));

    /// <param name="limit">The limit's name: <c>real-name-check</c> or <c>address</c>.</param>
    public void RateLimitRefused(string limit) => _refusals.Add(1, new KeyValuePair<string, object?>("netidentity.limit", limit));

    public void OutboxDeadLettered() => _deadLettered.Add(1);

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<T>> Observe<T>(OutboxBacklog? backlog, Func<OutboxStatistics, T> read)
        where T : struct =>
        backlog?.Current is { } statistics ? [new Measurement<T>(read(statistics))] : [];

    /// <summary>A value from our own closed vocabularies: short, ASCII letters, digits and dashes; anything else is counted as "other".</summary>
    private static string Closed(string value) =>
        value.Length is > 0 and <= 16 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? value : "other";
}
