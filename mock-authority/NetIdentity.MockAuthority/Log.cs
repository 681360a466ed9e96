namespace NetIdentity.MockAuthority;

/// <summary>
/// Every log line of the mock, source-generated with fixed event IDs (STYLE 7). No template takes
/// a name, an ID number, a phone, a one-time code, a key or a credential: only organisation ids,
/// bizSeq/requestId, persona ids (labels such as <c>adult</c>) and result codes.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Warning, "Mock authority ready with {PersonaCount} personas and {OrganisationCount} organisations. It is a test double: never deploy it.")]
    public static partial void Ready(ILogger logger, int personaCount, int organisationCount);

    [LoggerMessage(1001, LogLevel.Warning, "No key configured for kid {Kid}: generated an ephemeral one. Its public key:\n{PublicKeyPem}")]
    public static partial void EphemeralKeyGenerated(ILogger logger, string kid, string publicKeyPem);

    [LoggerMessage(1100, LogLevel.Information, "Request to {Path} refused with {Code}.")]
    public static partial void RequestRefused(ILogger logger, string path, string code);

    [LoggerMessage(1101, LogLevel.Information, "Malformed request to {Path} ({ExceptionType}) answered {Code}.")]
    public static partial void MalformedRequest(ILogger logger, string path, string exceptionType, string code);

    [LoggerMessage(1102, LogLevel.Error, "Unexpected failure on {Path}; answered {Code}.")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception, string path, string code);

    [LoggerMessage(1200, LogLevel.Information, "Session {BizSeq} opened by {OrgId} in mode {Mode}.")]
    public static partial void SessionOpened(ILogger logger, string orgId, string bizSeq, string mode);

    [LoggerMessage(1201, LogLevel.Information, "Session {BizSeq} answered as {PersonaId}: {ResultCode}.")]
    public static partial void SessionAnswered(ILogger logger, string bizSeq, string personaId, string resultCode);

    [LoggerMessage(1202, LogLevel.Information, "Plaintext identity for session {BizSeq} released to {OrgId} (enveloped).")]
    public static partial void IdentityReleased(ILogger logger, string orgId, string bizSeq);

    [LoggerMessage(1203, LogLevel.Information, "Session {BizSeq}: the matching code picked in the app was wrong.")]
    public static partial void MatchCodeWrong(ILogger logger, string bizSeq);

    [LoggerMessage(1204, LogLevel.Information, "Plaintext identity for session {BizSeq} refused to {OrgId}: the person did not confirm it in the app.")]
    public static partial void IdentityNotConfirmed(ILogger logger, string orgId, string bizSeq);

    [LoggerMessage(1300, LogLevel.Information, "Real-name verification {RequestId} opened by {OrgId}; matched: {Matched}.")]
    public static partial void RealnameOpened(ILogger logger, string orgId, string requestId, bool matched);

    [LoggerMessage(1400, LogLevel.Warning, "Faults changed: outage {Outage}, delay {DelayMs} ms.")]
    public static partial void FaultsChanged(ILogger logger, bool outage, int delayMs);

    [LoggerMessage(1401, LogLevel.Information, "Organisation {OrgId} registered by a tester; plaintext entitled: {PlaintextEntitled}.")]
    public static partial void OrganisationRegistered(ILogger logger, string orgId, bool plaintextEntitled);
}
