using System.Text;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Verification;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Tests;

/// <summary>
/// The relay defences in CredentialRules (authority-contract §3 v2, §8 points 5–6): an approval
/// matched to this browser's code, and an app-link approval returned to this browser.
/// </summary>
public sealed class RelayRulesTests
{
    private const string BizSeq = "9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f";
    private const string OrgId = "ORG-TEST";
    private const string MatchCode = "42";
    private const string ReturnValue = "c0ffee00c0ffee00c0ffee00c0ffee00";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 1, 0, TimeSpan.Zero);

    private static readonly string ReturnHash = Convert.ToHexStringLower(Sm3.Hash(Encoding.ASCII.GetBytes(ReturnValue)));

    private static CredentialExpectation Expected(string? returnHash = null) => new(BizSeq, OrgId, VerificationMode.R01, MatchCode, returnHash);

    private static AuthorityCredential Credential(ApprovalChannel channel = ApprovalChannel.Qr, string? matched = MatchCode, string? returnHash = null, int secondsAgo = 10) => new()
    {
        CredentialId = "c7d0c1b0e2a44f7e9d1f3b5a7c9e0d2f",
        BizSeq = BizSeq,
        OrgId = OrgId,
        Mode = VerificationMode.R01,
        Passed = true,
        ResultCode = "C0000000",
        ServiceTime = Now.AddSeconds(-secondsAgo),
        AppScopedId = "NIA8J3KQ2M7XW4P9",
        MatchedCode = matched,
        Channel = channel,
        ReturnValueHash = returnHash,
    };

    [Fact]
    public void Evaluate_QrApprovalMatchedToThisCode_IsAccepted()
    {
        var verdict = CredentialRules.Evaluate(Credential(), Expected(), Now);

        Assert.True(verdict.IsAccepted);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("042")]
    [InlineData("")]
    [InlineData(null)]
    public void Evaluate_ApprovalNotMatchedToThisCode_IsNI1121(string? matched)
    {
        var verdict = CredentialRules.Evaluate(Credential(matched: matched), Expected(), Now);

        Assert.False(verdict.IsAccepted);
        Assert.False(verdict.IsWaiting);
        Assert.Same(LoginErrors.ApprovalNotMatched, verdict.Error);
        Assert.Equal("NI1121", verdict.Error!.Code);
    }

    [Fact]
    public void Evaluate_UnknownChannel_IsNI1107()
    {
        var verdict = CredentialRules.Evaluate(Credential(channel: ApprovalChannel.Unknown), Expected(), Now);

        Assert.Equal("NI1107", verdict.Error?.Code);
    }

    [Fact]
    public void Evaluate_AppLinkApprovalReturnedToThisBrowser_IsAccepted()
    {
        var verdict = CredentialRules.Evaluate(Credential(ApprovalChannel.AppLink, returnHash: ReturnHash), Expected(ReturnHash), Now);

        Assert.True(verdict.IsAccepted);
    }

    [Fact]
    public void Evaluate_AppLinkApprovalNotYetReturned_Waits()
    {
        var verdict = CredentialRules.Evaluate(Credential(ApprovalChannel.AppLink, returnHash: ReturnHash), Expected(), Now);

        Assert.True(verdict.IsWaiting);
        Assert.False(verdict.IsAccepted);
        Assert.Null(verdict.Error);
    }

    [Fact]
    public void Evaluate_AppLinkApprovalNeverReturnedWithinTheGrace_IsNI1122()
    {
        var late = (int)CredentialRules.AppReturnGrace.TotalSeconds + 1;

        var verdict = CredentialRules.Evaluate(Credential(ApprovalChannel.AppLink, returnHash: ReturnHash, secondsAgo: late), Expected(), Now);

        Assert.Same(LoginErrors.AppReturnMissing, verdict.Error);
        Assert.Equal("NI1122", verdict.Error!.Code);
    }

    [Fact]
    public void Evaluate_AppLinkReturnOfAnotherValue_IsNI1122()
    {
        var other = Convert.ToHexStringLower(Sm3.Hash("another-login-value"u8));

        var verdict = CredentialRules.Evaluate(Credential(ApprovalChannel.AppLink, returnHash: ReturnHash), Expected(other), Now);

        Assert.Same(LoginErrors.AppReturnMissing, verdict.Error);
    }

    [Fact]
    public void Evaluate_AppLinkCredentialWithoutAHash_IsNI1122()
    {
        var verdict = CredentialRules.Evaluate(Credential(ApprovalChannel.AppLink, returnHash: null), Expected(ReturnHash), Now);

        Assert.Same(LoginErrors.AppReturnMissing, verdict.Error);
    }

    [Fact]
    public void Evaluate_QrApprovalWhileTheBrowserPresentedAReturn_IsStillJudgedByItsMatch()
    {
        var verdict = CredentialRules.Evaluate(Credential(), Expected(ReturnHash), Now);

        Assert.True(verdict.IsAccepted);
    }

    [Theory]
    [InlineData("C0401041", "NI1021")]
    [InlineData("C0401031", "NI1001")]
    public void Evaluate_FailedCredential_IsItsResultCodeBeforeAnyMatchCheck(string resultCode, string expected)
    {
        var failed = Credential(matched: null) with { Passed = false, ResultCode = resultCode, AppScopedId = null };

        var verdict = CredentialRules.Evaluate(failed, Expected(), Now);

        Assert.Equal(expected, verdict.Error?.Code);
    }
}
