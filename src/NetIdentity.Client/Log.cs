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
}
