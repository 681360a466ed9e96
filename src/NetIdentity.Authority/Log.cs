using Microsoft.Extensions.Logging;

namespace NetIdentity.Authority;

/// <summary>
/// The authority adapter's log events (2xxx, STYLE.md 7): the call's path, status and error code,
/// never a request or answer body (they carry identity).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Authority call {Path} did not complete: {Reason}.")]
    public static partial void CallIncomplete(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Authority call {Path} answered {Status} with code {Code}.")]
    public static partial void CallRejected(ILogger logger, string path, int status, string code);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Authority answer to {Path} failed signature verification (kid {Kid}).")]
    public static partial void BadSignature(ILogger logger, string path, string kid);
}
