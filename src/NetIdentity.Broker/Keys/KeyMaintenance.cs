using Microsoft.Extensions.Options;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// Every <see cref="KeyOptions.RefreshInterval"/>, on every instance: publishes the scheduled
/// successor when a key is due (<see cref="KeyOperations.RotateIfDueAsync"/>), erases the private
/// part of keys no longer published, and re-reads the key set so this instance follows what any
/// instance or operator changed. Every step is a compare-and-set or an idempotent update, so
/// instances running it together are harmless.
/// </summary>
internal sealed class KeyMaintenance(
    KeyOperations operations,
    KeyRing ring,
    KeyRetention retention,
    IOptions<KeyOptions> options,
    TimeProvider time,
    ILogger<KeyMaintenance> logger) : BackgroundService
{
    /// <summary>One pass.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await operations.RotateIfDueAsync(KeyUses.Signing, cancellationToken);
        await operations.RotateIfDueAsync(KeyUses.Encryption, cancellationToken);
        await operations.ArchiveDueAsync(cancellationToken);
        await ring.RefreshAsync(retention.Current, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable: this instance keeps the keys it has
                // (they stay valid for a whole PublishAhead) and tries again at the next pass.
                Log.MaintenanceFailed(logger, exception);
            }
        }
    }
}
