namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>Fixed values the tests send and expect; none is a real person's.</summary>
internal static class Sample
{
    public const string OrgId = "ORG-TEST";
    public const string AppId = "netidentity-broker";

    public const string BizSeq = "9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f";
    public const string OtherBizSeq = "0000aaaa1111bbbb2222cccc3333dddd";
    public const string RequestId = "5b7d9f1c0a7e5b2d4c3a8e6f1b0d2c4a";
    public const string ConsentId = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    public const string CredentialId = "c7d0c1b0e2a44f7e9d1f3b5a7c9e0d2f";
    public const string AppScopedId = "NIA8J3KQ2M7XW4P9";

    // Contract v2, §3: the platform the app names and the number the browser shows.
    public const string PlatformName = "示例论坛";
    public const string MatchCode = "42";
    public const string ChildAppScopedId = "NIACHILD0000000001";

    // A made-up person for the other path (contract §7). The number has a valid GB 11643 check digit.
    public const string Name = "张三丰";
    public const string IdType = "resident_id";
    public const string IdNumber = "11010519491231002X";
    public const string Phone = "13800000001";
    public const string OtpCode = "123456";

    /// <summary>The wall clock every harness runs on, and the timestamp every request carries.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public const string NowText = "2026-11-22T12:00:00Z";

    public static readonly byte[] FaceSample = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46];
}
