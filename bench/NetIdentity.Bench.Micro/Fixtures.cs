using NetIdentity.Core.Login;
using NetIdentity.Core.Verification;

namespace NetIdentity.Bench.Micro;

/// <summary>Fictional inputs shaped like a real login's: no personal data.</summary>
internal static class Fixtures
{
    public const string BizSeq = "BENCH0000000000000000000000000001";

    /// <summary>About the size of the authority's signed credential payload (authority-contract §3).</summary>
    public const string CredentialJson = """
        {"type":"credential","orgId":"ORG-SANDBOX","appId":"netidentity-broker","requestId":"0f8fad5b-d9cb-469f-a165-70867728950e",
        "bizSeq":"BENCH0000000000000000000000000001","credentialId":"cred-7d2f4a1c9b8e4f06","mode":"R01","result":"pass",
        "resultCode":"C0000000","serviceTime":"2026-12-02T22:00:00Z","appScopedId":"as-3b9f6c2e8a1d4f5b9c7e2a6d1f8b3c5e",
        "ageBand":"adult","gender":"M","matchedCode":"42","channel":"qr","faceScore":null,"identityReleaseConfirmed":null}
        """;

    public static readonly DateTimeOffset Now = new(2026, 12, 2, 22, 0, 5, TimeSpan.Zero);

    public static AuthorityCredential Credential() => new()
    {
        CredentialId = "cred-7d2f4a1c9b8e4f06",
        BizSeq = BizSeq,
        OrgId = "ORG-SANDBOX",
        Mode = VerificationMode.R01,
        Passed = true,
        ResultCode = "C0000000",
        ServiceTime = Now.AddSeconds(-5),
        AppScopedId = "as-3b9f6c2e8a1d4f5b9c7e2a6d1f8b3c5e",
        AgeBand = AgeBand.Adult,
        MatchedCode = "42",
        Channel = ApprovalChannel.Qr,
    };

    public static LoginTransaction AwaitingApp() => new()
    {
        Id = "AAAAAAAAAAAAAAAAAAAAAA",
        ClientId = "demo-forum",
        ReturnUrl = "/connect/authorize?client_id=demo-forum&response_type=code&scope=openid%20netid&redirect_uri=http%3A%2F%2F127.0.0.1%3A5200%2Fsignin-oidc&state=s&nonce=n&code_challenge=c&code_challenge_method=S256",
        CreatedAt = Now.AddSeconds(-20),
        RequiredLevel = AssuranceLevel.Level1,
        RequiredMode = VerificationMode.R01,
        State = LoginState.AwaitingApp,
        BizSeq = BizSeq,
        Mode = VerificationMode.R01,
        MatchCode = "42",
        SessionExpiresAt = Now.AddSeconds(100),
        Version = 3,
    };
}
