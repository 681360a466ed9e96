namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// What the fault tests add to the test platform: the <c>netid.age</c> consent scope (so logins
/// write consent ledger entries) and a back-channel event address where nothing listens (the
/// discard port), so a withdrawal's event waits in the outbox for the whole test.
/// </summary>
internal static class FaultPlatform
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Platforms__1__Scopes__2"] = "netid.age",
        ["Platforms__1__Purpose__Zh"] = "故障测试：确认年龄段",
        ["Platforms__1__Purpose__En"] = "Fault test: confirm the age band",
        ["Platforms__1__BackChannelEventUri"] = "http://127.0.0.1:9/events",
    };
}
