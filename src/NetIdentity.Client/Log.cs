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
}
