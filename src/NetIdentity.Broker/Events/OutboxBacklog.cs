using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Events;

/// <summary>
/// The outbox as last counted: what the backlog gauges report (<see cref="Telemetry.BrokerMetrics"/>).
/// The dispatcher refreshes it after each poll that left nothing waiting, so a scrape never waits
/// for the database; it is at most one poll interval old while the database answers.
/// </summary>
public sealed class OutboxBacklog
{
    private volatile OutboxStatistics? _current;

    /// <summary>The last count; null until the first.</summary>
    public OutboxStatistics? Current => _current;

    /// <summary>Counts the outbox again.</summary>
    public async Task RefreshAsync(IEventOutbox outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        _current = await outbox.StatisticsAsync(cancellationToken);
    }
}
