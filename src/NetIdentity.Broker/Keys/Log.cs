namespace NetIdentity.Broker.Keys;

/// <summary>
/// The token keys' log messages, event ids 5201–5299. Key ids and times only; never key
/// material (STYLE convention 7).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information,
        Message = "The published token keys changed ({Fingerprint}); OpenIddict takes the new set at its next request.")]
    public static partial void PublishedKeysChanged(ILogger logger, string fingerprint);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information,
        Message = "Rotation: {Use} key {KeyId} (generation {Generation}) is published now and takes over at {ActivatesAt:O}.")]
    public static partial void Rotated(ILogger logger, string use, string keyId, int generation, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning,
        Message = "{Use} key {KeyId} retired as compromised: no longer published nor accepted; {SuccessorKeyId} is active.")]
    public static partial void Compromised(ILogger logger, string use, string keyId, string successorKeyId);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information,
        Message = "{Use} key {KeyId} archived: its private material is erased, its public part stays in the key archive.")]
    public static partial void Archived(ILogger logger, string use, string keyId);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Error,
        Message = "Key maintenance failed; this instance keeps its keys and tries again at the next pass.")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);
}
