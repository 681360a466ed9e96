using Microsoft.Extensions.Logging;

namespace NetIdentity.Client;

/// <summary>
/// The client's log messages (event IDs 1–99). None takes a token, a code or a claim value other
/// than the assurance level.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "NetIdentity login for scheme {Scheme} refused after the token response: {Reason}")]
    public static partial void LoginRefused(ILogger logger, string scheme, string reason);

    [LoggerMessage(2, LogLevel.Debug, "DPoP: {Method} {Target} asked for a new nonce (use_dpop_nonce); retrying once with it")]
    public static partial void DpopNonceRetry(ILogger logger, string method, string target);

    [LoggerMessage(3, LogLevel.Warning, "NetIdentity login for scheme {Scheme} refused: the token response's token_type is {TokenType}, not DPoP, although the client asked for DPoP-bound tokens")]
    public static partial void TokenNotDpopBound(ILogger logger, string scheme, string tokenType);

    [LoggerMessage(10, LogLevel.Information, "Security event {Jti} ({EventType}) handled.")]
    public static partial void EventHandled(ILogger logger, string jti, string eventType);

    [LoggerMessage(11, LogLevel.Information, "Security event {Jti} was handled before; acknowledged again, not acted on twice.")]
    public static partial void EventRepeated(ILogger logger, string jti);

    [LoggerMessage(12, LogLevel.Warning, "A security event was refused: {Err} ({Description})")]
    public static partial void EventRefused(ILogger logger, string err, string description);

    [LoggerMessage(13, LogLevel.Warning, "The identity service's keys could not be fetched to verify a security event: {Reason}")]
    public static partial void EventKeysUnavailable(ILogger logger, string reason);

    [LoggerMessage(14, LogLevel.Information, "Logout token {Jti} handled: {Scope} ended.")]
    public static partial void LoggedOut(ILogger logger, string jti, string scope);

    [LoggerMessage(20, LogLevel.Information, "SSF stream {StreamId} {How}: the broker pushes to {Endpoint}.")]
    public static partial void StreamEnsured(ILogger logger, string streamId, string how, string endpoint);

    [LoggerMessage(21, LogLevel.Warning, "The SSF stream could not be set up yet ({Problem}); trying again in {Seconds} s.")]
    public static partial void StreamAttemptFailed(ILogger logger, string problem, double seconds);

    [LoggerMessage(22, LogLevel.Information, "SSF stream {StreamId}: a verification event was requested.")]
    public static partial void StreamVerificationRequested(ILogger logger, string streamId);

    [LoggerMessage(23, LogLevel.Information, "SSF stream {StreamId} verified: the verification event it asked for arrived.")]
    public static partial void StreamVerified(ILogger logger, string streamId);
}
