using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// The measurements of one broker host's own meters: a listener that enables only instruments
/// whose meter that host's <see cref="IMeterFactory"/> made, so hosts running in parallel in this
/// process do not count into each other's figures.
/// </summary>
internal sealed class HostMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();
    private readonly ConcurrentDictionary<string, double> _observed = new();

    public HostMetrics(BrokerHost host)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
            _observed[instrument.Name] = value;
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _observed[instrument.Name] = value);
        _listener.Start();
    }

    /// <summary>What an observable gauge reports now (as a scrape would read it); null when it reports nothing.</summary>
    public double? Observe(string instrument)
    {
        _observed.TryRemove(instrument, out _);
        _listener.RecordObservableInstruments();
        return _observed.TryGetValue(instrument, out var value) ? value : null;
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include every one of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
