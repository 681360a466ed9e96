namespace NetIdentity.Broker.Events;

/// <summary>
/// The back channel's log messages, event ids 5101–5199. None takes the SET, a subject or any
/// other claim: only the event's <c>jti</c>, the platform and how delivery went (STYLE convention 7).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Platform {ClientId} registered no BackChannelEventUri: the event {EventType} is not sent.")]
    public static partial void NoEndpoint(ILogger logger, string clientId, string eventType);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information,
        Message = "Security event {Jti} ({EventType}) queued for {ClientId}.")]
    public static partial void Queued(ILogger logger, string jti, string clientId, string eventType);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information,
        Message = "Security event {Jti} delivered to {ClientId} ({Status}) at attempt {Attempt}.")]
    public static partial void Delivered(ILogger logger, string jti, string clientId, int status, int attempt);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Security event {Jti} not delivered to {ClientId} at attempt {Attempt}: {Reason}; next attempt at {NextAttemptAt:O}.")]
    public static partial void DeliveryFailed(ILogger logger, string jti, string clientId, int attempt, string reason, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error,
        Message = "The security event outbox could not be processed; trying again at the next poll.")]
    public static partial void PollFailed(ILogger logger, Exception exception);
}
