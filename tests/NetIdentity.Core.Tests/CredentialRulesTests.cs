using NetIdentity.Core.Errors;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>The broker's checks on a verified credential (authority-contract §8 points 3–4; CredentialRules).</summary>
public sealed class CredentialRulesTests
{
    private const string BizSeq = "9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f";
    private const string OrgId = "ORG-TEST";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 1, 0, TimeSpan.Zero);

    private const string MatchCode = "42";

    private static readonly CredentialExpectation Expected = new(BizSeq, OrgId, VerificationMode.R02, MatchCode);

    private static AuthorityCredential Credential(
        VerificationMode mode = VerificationMode.R02, bool passed = true, string resultCode = "C0000000") => new()
    {
        CredentialId = "c7d0c1b0e2a44f7e9d1f3b5a7c9e0d2f",
        BizSeq = BizSeq,
        OrgId = OrgId,
        Mode = mode,
        Passed = passed,
        ResultCode = resultCode,
        ServiceTime = Now.AddSeconds(-29),
        AppScopedId = "NIA8J3KQ2M7XW4P9",
        MatchedCode = MatchCode,
        Channel = ApprovalChannel.Qr,
    };

    [Fact]
    public void Evaluate_GoodCredential_IsAccepted()
    {
        var credential = Credential();

        var verdict = CredentialRules.Evaluate(credential, Expected, Now);

        Assert.True(verdict.IsAccepted);
        Assert.Same(credential, verdict.Credential);
        Assert.Null(verdict.Error);
    }

    // §8 point 2: the credential must answer this session.
    [Fact]
    public void Evaluate_AnotherBizSeq_IsNI1102()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { BizSeq = "0000aaaa1111bbbb2222cccc3333dddd" }, Expected, Now);

        AssertRejected(verdict, "NI1102", LoginErrors.CredentialForAnotherSession);
    }

    [Fact]
    public void Evaluate_AnotherOrganisation_IsNI1105()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { OrgId = "ORG-OTHER" }, Expected, Now);

        AssertRejected(verdict, "NI1105", LoginErrors.CredentialForAnotherOrganisation);
    }

    // §8 point 3: serviceTime recent; the broker allows 300 s.
    [Fact]
    public void Evaluate_ServiceTimeOlderThan300Seconds_IsNI1104()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { ServiceTime = Now.AddSeconds(-301) }, Expected, Now);

        AssertRejected(verdict, "NI1104", LoginErrors.CredentialStale);
    }

    [Fact]
    public void Evaluate_ServiceTimeExactly300SecondsOld_IsAccepted()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { ServiceTime = Now.AddSeconds(-300) }, Expected, Now);

        Assert.True(verdict.IsAccepted);
    }

    // Clock skew between broker and authority is tolerated up to 30 s, no more.
    [Fact]
    public void Evaluate_ServiceTimeMoreThan30SecondsAhead_IsNI1104()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { ServiceTime = Now.AddSeconds(31) }, Expected, Now);

        AssertRejected(verdict, "NI1104", LoginErrors.CredentialStale);
    }

    [Fact]
    public void Evaluate_ServiceTime30SecondsAhead_IsAccepted()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { ServiceTime = Now.AddSeconds(30) }, Expected, Now);

        Assert.True(verdict.IsAccepted);
    }

    // §5 reason codes, each with its own words for the person.
    [Theory]
    [InlineData("C0401001", "NI1002")]
    [InlineData("C0401002", "NI1003")]
    [InlineData("C0401003", "NI1004")]
    [InlineData("C0401011", "NI1005")]
    [InlineData("C0401021", "NI1006")]
    [InlineData("C0401031", "NI1001")]
    public void Evaluate_FailWithReasonCode_IsMappedError(string resultCode, string expectedCode)
    {
        var verdict = CredentialRules.Evaluate(Credential(passed: false, resultCode: resultCode) with { AppScopedId = null }, Expected, Now);

        AssertRejected(verdict, expectedCode, LoginErrors.ForResultCode(resultCode));
    }

    [Theory]
    [InlineData("C0499999")]
    [InlineData("C0402001")]
    [InlineData("")]
    public void Evaluate_FailWithUnknownCode_IsNI1008(string resultCode)
    {
        var verdict = CredentialRules.Evaluate(Credential(passed: false, resultCode: resultCode), Expected, Now);

        AssertRejected(verdict, "NI1008", LoginErrors.VerificationFailed);
    }

    // Fail closed: a pass is a pass only with C0000000 (§8 point 4).
    [Fact]
    public void Evaluate_PassWithReasonCode_IsRejectedWithThatReason()
    {
        var verdict = CredentialRules.Evaluate(Credential(resultCode: "C0401002"), Expected, Now);

        AssertRejected(verdict, "NI1003", LoginErrors.CredentialFrozen);
    }

    [Fact]
    public void Evaluate_FailWithSuccessCode_IsNI1008()
    {
        var verdict = CredentialRules.Evaluate(Credential(passed: false), Expected, Now);

        AssertRejected(verdict, "NI1008", LoginErrors.VerificationFailed);
    }

    // §8 point 4: the mode proves every factor of the mode asked for. R03 (face, no password)
    // reaches level 3 like R04, but lacks R04's password: a platform that prefers R04 gets it.
    [Theory]
    [InlineData(VerificationMode.R01, VerificationMode.R02)]
    [InlineData(VerificationMode.R01, VerificationMode.R03)]
    [InlineData(VerificationMode.R01, VerificationMode.R04)]
    [InlineData(VerificationMode.R02, VerificationMode.R03)]
    [InlineData(VerificationMode.R02, VerificationMode.R04)]
    [InlineData(VerificationMode.R03, VerificationMode.R02)]
    [InlineData(VerificationMode.R03, VerificationMode.R04)]
    public void Evaluate_ModeMissingAFactorAskedFor_IsNI1106(VerificationMode got, VerificationMode asked)
    {
        var verdict = CredentialRules.Evaluate(Credential(mode: got), Expected with { Mode = asked }, Now);

        AssertRejected(verdict, "NI1106", LoginErrors.ModeTooWeak);
    }

    [Theory]
    [InlineData(VerificationMode.R02)]
    [InlineData(VerificationMode.R03)]
    public void Evaluate_R04Credential_SatisfiesWeakerMode(VerificationMode asked)
    {
        var verdict = CredentialRules.Evaluate(Credential(mode: VerificationMode.R04), Expected with { Mode = asked }, Now);

        Assert.True(verdict.IsAccepted);
    }

    [Theory]
    [InlineData(VerificationMode.R01)]
    [InlineData(VerificationMode.R02)]
    [InlineData(VerificationMode.R03)]
    [InlineData(VerificationMode.R04)]
    public void Evaluate_TheModeAskedFor_IsAccepted(VerificationMode mode)
    {
        var verdict = CredentialRules.Evaluate(Credential(mode: mode), Expected with { Mode = mode }, Now);

        Assert.True(verdict.IsAccepted);
    }

    [Theory]
    [InlineData(VerificationMode.R02, VerificationMode.R01)]
    [InlineData(VerificationMode.R03, VerificationMode.R01)]
    [InlineData(VerificationMode.R04, VerificationMode.R01)]
    public void Evaluate_ModeWithMoreFactorsThanAsked_IsAccepted(VerificationMode got, VerificationMode asked)
    {
        var verdict = CredentialRules.Evaluate(Credential(mode: got), Expected with { Mode = asked }, Now);

        Assert.True(verdict.IsAccepted);
    }

    // Fail closed: a value outside the four modes proves nothing and satisfies nothing.
    [Fact]
    public void Evaluate_UnknownMode_IsNI1106()
    {
        var verdict = CredentialRules.Evaluate(Credential(mode: (VerificationMode)9), Expected with { Mode = VerificationMode.R01 }, Now);

        AssertRejected(verdict, "NI1106", LoginErrors.ModeTooWeak);
    }

    // A pass must identify the person: no 网络身份应用标识, no subject, no login.
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Evaluate_PassWithoutAppScopedId_IsNI1008(string? appScopedId)
    {
        var verdict = CredentialRules.Evaluate(Credential() with { AppScopedId = appScopedId }, Expected, Now);

        AssertRejected(verdict, "NI1008", LoginErrors.VerificationFailed);
    }

    // Fail closed: a rejected verdict carries no credential to use by mistake.
    [Fact]
    public void Evaluate_Rejected_CarriesNoCredential()
    {
        var verdict = CredentialRules.Evaluate(Credential() with { OrgId = "ORG-OTHER" }, Expected, Now);

        Assert.False(verdict.IsAccepted);
        Assert.Null(verdict.Credential);
    }

    private static void AssertRejected(CredentialVerdict verdict, string code, LoginError expected)
    {
        Assert.False(verdict.IsAccepted);
        Assert.Same(expected, verdict.Error);
        Assert.Equal(code, verdict.Error!.Code);
    }
}
