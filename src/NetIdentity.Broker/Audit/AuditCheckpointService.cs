using Microsoft.Extensions.Options;
using NetIdentity.Data.Audit;

namespace NetIdentity.Broker.Audit;

/// <summary>
/// Signs this instance's chain heads every <see cref="AuditOptions.CheckpointInterval"/> when they
/// advanced, and a final checkpoint at graceful shutdown. The web server is the last hosted service
/// to start and so the first to stop: by the time <see cref="StopAsync"/> runs, no request can
/// append, and the final checkpoint covers the chain's last entry.
/// </summary>
internal sealed partial class AuditCheckpointService(
    AuditCheckpointer checkpointer,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditCheckpointService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await checkpointer.CheckpointAsync(final: true, cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing is lost but the proof: the entries since the last checkpoint stay in the
            // chain, unsigned, and verification says how many (docs/audit.md).
            Log.FinalCheckpointFailed(logger, exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await checkpointer.CheckpointAsync(final: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable: the next pass signs the newer head.
                Log.CheckpointFailed(logger, exception);
            }
        }
    }
}
