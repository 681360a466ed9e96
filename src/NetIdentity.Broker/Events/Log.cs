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

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error,
        Message = "Security event {Jti} for {ClientId} is now a dead letter: {Attempts} attempts failed since {FailingSince:O}, the last with {Reason}. It is not retried any more; 'netidentity outbox retry' sends it again.")]
    public static partial void DeadLettered(ILogger logger, string jti, string clientId, int attempts, DateTimeOffset failingSince, string reason);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning,
        Message = "Security event {Jti} for {ClientId}: attempt {Attempt} ({Outcome}) was not recorded, because this instance's lease ran out and another instance took the event over.")]
    public static partial void LeaseLost(ILogger logger, string jti, string clientId, int attempt, string outcome);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Information,
        Message = "Platform {ClientId} registered no BackChannelLogoutUri: no logout token is sent.")]
    public static partial void NoLogoutEndpoint(ILogger logger, string clientId);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information,
        Message = "{Queued} logout token(s) queued for {Platforms} platform(s); {Forgotten} session note(s) forgotten.")]
    public static partial void SignedOut(ILogger logger, int queued, int platforms, int forgotten);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information,
        Message = "Platform {ClientId} ended a session itself (RP-initiated logout); its sid is forgotten.")]
    public static partial void SessionEnded(ILogger logger, string clientId);
}
