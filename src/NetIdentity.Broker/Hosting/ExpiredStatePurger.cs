using NetIdentity.Core.Consent;
using NetIdentity.Core.Login;
using NetIdentity.Core.Protocol;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Erases what outlived its purpose, once a minute: logins past their lifetime (their state is
/// useless and unreadable by then) and sealed identity nobody collected within its five minutes
/// (PRODUCT rule 7: plaintext, even sealed, is kept no longer than its one delivery needs),
/// rate-limit counters whose window ended, and replay cache entries past the moment what they guard would be refused anyway (issue 9 §6). Every
/// instance runs it; each purge is one <c>DELETE … WHERE expires_at &lt;= now</c>, so running it
/// twice is harmless.
/// </summary>
internal sealed partial class ExpiredStatePurger(
    ILoginStates logins,
    IIdentityDeliveries deliveries,
    ISharedCounters counters,
    IReplayCache replay,
    TimeProvider time,
    ILogger<ExpiredStatePurger> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>One pass; returns how many logins and deliveries it erased.</summary>
    public async Task<(int Logins, int Deliveries)> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purgedLogins = await logins.PurgeExpiredAsync(now, cancellationToken);
        var purgedDeliveries = await deliveries.PurgeExpiredAsync(now, cancellationToken);
        var purgedReplays = await replay.PurgeExpiredAsync(now, cancellationToken);

        // Rate-limit windows that ended count nothing any more.
        await counters.PurgeExpiredAsync(now, cancellationToken);
        if (purgedLogins + purgedDeliveries + purgedReplays > 0)
        {
            LogPurged(logger, purgedLogins, purgedDeliveries, purgedReplays);
        }

        return (purgedLogins, purgedDeliveries);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable: what expired waits for the next pass.
                LogPurgeFailed(logger, exception);
                await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Purged {Logins} expired login(s), {Deliveries} uncollected identity delivery(ies) and {ReplayEntries} replay cache entry(ies).")]
    private static partial void LogPurged(ILogger logger, int logins, int deliveries, int replayEntries);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Purging expired state failed; the next pass tries again.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
