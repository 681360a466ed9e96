using Microsoft.Extensions.Logging;

namespace NetIdentity.Data;

/// <summary>
/// Log messages of the data layer, event ids 4000–4099. No template takes plaintext identity, a
/// key, a token or a connection string (STYLE convention 7).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Authentication log chain {ChainId} started.")]
    public static partial void ChainStarted(ILogger logger, string chainId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Appending position {Position} of authentication log chain {ChainId} failed and may or may not have been stored; the chain ends here and chain {NextChainId} continues.")]
    public static partial void ChainClosedAfterFailure(ILogger logger, Exception exception, long position, string chainId, string nextChainId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "A credential for client {ClientId} carried a bizSeq that was already used; it is refused as a replay.")]
    public static partial void BizSeqReplayed(ILogger logger, string clientId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Created {Use} key {KeyId} ({Algorithm}), generation {Generation}, active from {ActivatesAt:O}.")]
    public static partial void KeyCreated(ILogger logger, string use, string keyId, string algorithm, int generation, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information,
        Message = "Another instance created {Use} key generation {Generation} first; using its key {KeyId}.")]
    public static partial void KeyCreatedElsewhere(ILogger logger, string use, string keyId, int generation);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "Applying migrations to the {Provider} database.")]
    public static partial void Migrating(ILogger logger, string provider);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning,
        Message = "Removed a SQLite migration lock taken at {TakenAt:O} by a process that did not finish; migrating now.")]
    public static partial void StaleMigrationLockReleased(ILogger logger, DateTimeOffset takenAt);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning,
        Message = "Checkpointing the SQLite write-ahead log failed; trying again every second. Until it succeeds the log grows, and commits wait for SQLite's own checkpoint to reach the disk.")]
    public static partial void WalCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information,
        Message = "Checkpointing the SQLite write-ahead log works again.")]
    public static partial void WalCheckpointsRecovered(ILogger logger);

    // 4040–4049: audit checkpoints.
    [LoggerMessage(EventId = 4040, Level = LogLevel.Debug,
        Message = "Audit checkpoint {Sequence} signed: chain {ChainId} at position {Position} (final: {Final}).")]
    public static partial void CheckpointWritten(ILogger logger, long sequence, string chainId, long position, bool final);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Critical,
        Message = "Audit checkpoint {Sequence}, which this instance wrote, is no longer the newest or no longer stored (the newest is {Newest}): checkpoints were removed from the database. The next checkpoint follows {Sequence}, so verification reports the gap.")]
    public static partial void CheckpointsRolledBack(ILogger logger, long sequence, long newest);
}
