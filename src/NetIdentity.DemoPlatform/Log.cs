namespace NetIdentity.DemoPlatform;

/// <summary>
/// The forum's log messages (event IDs 1–99). None takes a token, a code, a <c>sub</c> or
/// another claim value; a security event appears by its <c>jti</c> only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "A NetIdentity login failed: {Error} ({NetIdCode})")]
    public static partial void LoginFailed(ILogger logger, string error, string netIdCode);

    [LoggerMessage(2, LogLevel.Warning, "The identity service could not be reached to start a login: {Reason}")]
    public static partial void BrokerUnreachable(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Information, "Security event {Jti} ({EventType}) handled: {DeletedClaims} kept claim(s) deleted.")]
    public static partial void EventHandled(ILogger logger, string jti, string eventType, int deletedClaims);

    [LoggerMessage(7, LogLevel.Information, "Kept {Count} consented claim(s) from a login.")]
    public static partial void ClaimsKept(ILogger logger, int count);
}
