using System.Diagnostics.Metrics;
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

    public BrokerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _started = _meter.CreateCounter<long>("netidentity.logins.started", "{login}", "Logins opened at the authorization endpoint.");
        _completed = _meter.CreateCounter<long>("netidentity.logins.completed", "{login}", "Verification attempts ended, by path and result (C0000000 passed, else the NI code).");
        _consents = _meter.CreateCounter<long>("netidentity.consent.decisions", "{decision}", "Consent ledger entries, by decision.");
        _refusals = _meter.CreateCounter<long>("netidentity.rate_limit.refusals", "{request}", "Requests refused by a rate limit, by limit.");
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

    public void Dispose() => _meter.Dispose();

    /// <summary>A value from our own closed vocabularies: short, ASCII letters, digits and dashes; anything else is counted as "other".</summary>
    private static string Closed(string value) =>
        value.Length is > 0 and <= 16 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? value : "other";
}
