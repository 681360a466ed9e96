namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>The contract's paths (authority-contract §3, §4, §6, §7).</summary>
internal static class Paths
{
    public const string Sessions = "/v1/sessions";
    public const string Credentials = "/v1/credentials/query";
    public const string Identity = "/v1/identity/query";
    public const string Guardianships = "/v1/guardianships/check";
    public const string RealName = "/v1/realname/verifications";
    public const string RealNameOtp = "/v1/realname/verifications/otp";
    public const string RealNameFace = "/v1/realname/verifications/face";

    /// <summary>Every signed-request path, for theories that hold for each method.</summary>
    public static TheoryData<string> All => [Sessions, Credentials, Identity, Guardianships, RealName, RealNameOtp, RealNameFace];
}
