namespace NetIdentity.Broker.Hosting;

/// <summary>The broker host's own log events (1xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "The other lawful way to verify is switched off (Broker:OtherPath:Enabled=false). The Measures for the National Network Identity Authentication Public Service make 网号/网证 voluntary: people who verify another lawful way must get the same service, and a platform may not make 网号/网证 the only way in (PRODUCT rule 4). Switch it back on as soon as you can.")]
    public static partial void OtherPathDisabled(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "The pairwise subject key changed (fingerprint {OldFingerprint} to {NewFingerprint}), as Broker:AcceptPairwiseSubjectKeyFingerprint accepts: from now on every person has a new 'sub' at every platform. Remove the setting once every instance runs with the new key.")]
    public static partial void PairwiseKeyChanged(ILogger logger, string oldFingerprint, string newFingerprint);
}
