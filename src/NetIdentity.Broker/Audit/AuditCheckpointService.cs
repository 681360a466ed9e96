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
            LogFinalCheckpointFailed(logger, exception);
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
                LogCheckpointFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Writing an audit checkpoint failed; the next pass tries again.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Writing the final audit checkpoint at shutdown failed: the entries since the last checkpoint stay unsigned.")]
    private static partial void LogFinalCheckpointFailed(ILogger logger, Exception exception);
}
