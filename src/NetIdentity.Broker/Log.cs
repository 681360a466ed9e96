namespace NetIdentity.Broker;

/// <summary>
/// Every log event of the broker, in one place (STYLE.md 7), by event id range: 1xxx hosting,
/// platforms and jobs; 3xxx logins, consent and release; 5101–5199 security events, logout and SSF streams;
/// 5201–5299 token keys. No template takes plaintext identity, a token, a key or a credential:
/// ids, codes and counts only. docs/operations.md ("Log events") lists them all, and
/// LogEventTests keeps that list and these definitions the same.
/// </summary>
internal static partial class Log
{
    // 1xxx: platforms, hosting and jobs
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Platform {ClientId} {Action}.")]
    public static partial void PlatformSynchronized(ILogger logger, string clientId, string action);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "The other lawful way to verify is switched off (Broker:OtherPath:Enabled=false). The Measures for the National Network Identity Authentication Public Service make 网号/网证 voluntary: people who verify another lawful way must get the same service, and a platform may not make 网号/网证 the only way in (PRODUCT rule 4). Switch it back on as soon as you can.")]
    public static partial void OtherPathDisabled(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "The pairwise subject key changed (fingerprint {OldFingerprint} to {NewFingerprint}), as Broker:AcceptPairwiseSubjectKeyFingerprint accepts: from now on every person has a new 'sub' at every platform. Remove the setting once every instance runs with the new key.")]
    public static partial void PairwiseKeyChanged(ILogger logger, string oldFingerprint, string newFingerprint);

    // 1301–1399: the purge
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Purged {Logins} expired login(s), {Deliveries} uncollected identity delivery(ies), {ReplayEntries} replay cache entry(ies), {Tokens} token(s), {Authorizations} authorization(s) and {BizSeqs} used bizSeq(s).")]
    public static partial void Purged(ILogger logger, int logins, int deliveries, int replayEntries, int tokens, int authorizations, int bizSeqs);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Purging expired state failed; the next pass tries again.")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    // 1401–1499: audit checkpoints
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Writing an audit checkpoint failed; the next pass tries again.")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Writing the final audit checkpoint at shutdown failed: the entries since the last checkpoint stay unsigned.")]
    public static partial void FinalCheckpointFailed(ILogger logger, Exception exception);

    // 3101–3199: logins
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Verified a person for {ClientId} (bizSeq {BizSeq}, mode {Mode}).")]
    public static partial void NetIdVerified(ILogger logger, string clientId, string bizSeq, string mode);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Login for {ClientId} failed (bizSeq {BizSeq}): {Code}.")]
    public static partial void NetIdFailed(ILogger logger, string clientId, string bizSeq, string code);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "App-link return refused: {Reason}.")]
    public static partial void AppReturnRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Information, Message = "Guardianship check for {ClientId}: {IsGuardian}.")]
    public static partial void GuardianshipChecked(ILogger logger, string clientId, bool isGuardian);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Warning, Message = "Guardianship check for {ClientId} failed: {Failure}.")]
    public static partial void GuardianshipCheckFailed(ILogger logger, string clientId, string failure);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Verified a person the other way for {ClientId} (request {RequestId}).")]
    public static partial void OtherPathVerified(ILogger logger, string clientId, string requestId);

    // 3201–3299: consent
    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Consent to {ClientId} withdrawn ({Scopes}); {Revoked} grant(s) revoked.")]
    public static partial void ConsentWithdrawn(ILogger logger, string clientId, string scopes, int revoked);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Consent for {ClientId}: {Granted} item(s) granted, {Refused} refused.")]
    public static partial void ConsentDecided(ILogger logger, string clientId, int granted, int refused);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Identity for {ClientId} could not be fetched: {Failure} ({Code}).")]
    public static partial void IdentityUnavailable(ILogger logger, string clientId, string failure, string code);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Identity for {ClientId} (bizSeq {BizSeq}) names another app-scoped id than the credential; nothing released.")]
    public static partial void IdentityForAnotherPerson(ILogger logger, string clientId, string bizSeq);

    // 3301–3399: release
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Delivered plaintext identity to {ClientId} once; its sealed copy is erased.")]
    public static partial void IdentityDelivered(ILogger logger, string clientId);

    // 5101–5199: security events, back-channel logout, SSF streams
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

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information,
        Message = "SSF stream {StreamId} of {ClientId} {Change}.")]
    public static partial void StreamChanged(ILogger logger, string streamId, string clientId, string change);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information,
        Message = "SSF stream {StreamId} of {ClientId} is now {Status}.")]
    public static partial void StreamStatusChanged(ILogger logger, string streamId, string clientId, string status);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information,
        Message = "SSF stream {StreamId} of {ClientId}: a poll acknowledged {Acknowledged} SET(s), {Errors} of them with an error, and was served {Served}.")]
    public static partial void Polled(ILogger logger, string streamId, string clientId, int acknowledged, int errors, int served);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Warning,
        Message = "SSF stream {StreamId} of {ClientId} pushes to an endpoint the platform's registration no longer names: {EventType} is not sent on it. The platform must update the stream.")]
    public static partial void StreamEndpointUnregistered(ILogger logger, string streamId, string clientId, string eventType);

    // 5201–5299: token keys
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
