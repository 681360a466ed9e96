namespace NetIdentity.DemoPlatform;

/// <summary>
/// The forum's log messages (event IDs 1–99). None takes a token, a code, a <c>sub</c> or
/// another claim value.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "A NetIdentity login failed: {Error} ({NetIdCode})")]
    public static partial void LoginFailed(ILogger logger, string error, string netIdCode);

    [LoggerMessage(2, LogLevel.Warning, "The identity service could not be reached to start a login: {Reason}")]
    public static partial void BrokerUnreachable(ILogger logger, string reason);
}
