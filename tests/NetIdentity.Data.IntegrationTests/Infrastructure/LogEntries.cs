using NetIdentity.Core.Audit;

namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>Authentication log entries as the broker would write them.</summary>
internal static class LogEntries
{
    public static string NewBizSeq() => Guid.NewGuid().ToString("N");

    public static AuthenticationLogEntry Verified(string bizSeq) => new()
    {
        Time = DateTimeOffset.UtcNow,
        ClientId = "demo-platform",
        Path = "netid",
        BizSeq = bizSeq,
        Mode = "R01",
        ResultCode = "C0000000",
        Subject = "q0Zt3b4lA2v1mWmH9cJr3xkq9o3QO4m1k3b5nWg7uQc",
        Acr = "urn:netidentity:acr:level1",
    };

    public static AuthenticationLogEntry Failed() => new()
    {
        Time = DateTimeOffset.UtcNow,
        ClientId = "demo-platform",
        Path = "netid",
        BizSeq = NewBizSeq(),
        Mode = "R02",
        ResultCode = "NI1005",
    };
}
