using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>The answers of the traditional real-name steps (authority-contract §7).</summary>
public sealed class RealNameAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task StartRealName_OtpSent_MapsStatusAndResultCode()
    {
        var payload = Payloads.RealName(Sample.RequestId, "otp_sent");
        payload["otpExpiresAt"] = "2026-11-22T12:05:00Z";
        _harness.AnswerSigned(Paths.RealName, 200, payload);

        var step = await _harness.Authority.StartRealNameAsync(AuthorityCalls.Submission(), Ct);

        Assert.Equal(Sample.RequestId, step.RequestId);
        Assert.Equal("otp_sent", step.Status);
        Assert.Equal("C0000000", step.ResultCode);
        Assert.True(step.CodeSent);
    }

    // §7: a mismatch never says whether the name or the number was wrong.
    [Fact]
    public async Task StartRealName_Mismatch_MapsStatusAndReasonCode()
    {
        _harness.AnswerSigned(Paths.RealName, 200, Payloads.RealName(Sample.RequestId, "mismatch", "C0402001"));

        var step = await _harness.Authority.StartRealNameAsync(AuthorityCalls.Submission(), Ct);

        Assert.Equal("mismatch", step.Status);
        Assert.Equal("C0402001", step.ResultCode);
        Assert.False(step.CodeSent);
    }

    [Fact]
    public async Task VerifyRealNameCode_Verified_MapsStatusAndAttemptsLeft()
    {
        var payload = Payloads.RealName(Sample.RequestId, "verified");
        payload["attemptsLeft"] = 4;
        _harness.AnswerSigned(Paths.RealNameOtp, 200, payload);

        var step = await _harness.Authority.VerifyRealNameCodeAsync(Sample.RequestId, Sample.OtpCode, Ct);

        Assert.True(step.Verified);
        Assert.Equal("C0000000", step.ResultCode);
        Assert.Equal(4, step.AttemptsLeft);
    }

    [Fact]
    public async Task VerifyRealNameCode_OtpInvalid_MapsStatusAndAttemptsLeft()
    {
        var payload = Payloads.RealName(Sample.RequestId, "otp_invalid", "C0402002");
        payload["attemptsLeft"] = 2;
        _harness.AnswerSigned(Paths.RealNameOtp, 200, payload);

        var step = await _harness.Authority.VerifyRealNameCodeAsync(Sample.RequestId, Sample.OtpCode, Ct);

        Assert.Equal("otp_invalid", step.Status);
        Assert.False(step.Verified);
        Assert.Equal("C0402002", step.ResultCode);
        Assert.Equal(2, step.AttemptsLeft);
    }

    [Fact]
    public async Task VerifyRealNameFace_Match_MapsStatusAndFaceScore()
    {
        var payload = Payloads.RealName(Sample.RequestId, "face_match");
        payload["faceScore"] = 0.93;
        _harness.AnswerSigned(Paths.RealNameFace, 200, payload);

        var step = await _harness.Authority.VerifyRealNameFaceAsync(Sample.RequestId, Sample.FaceSample, Ct);

        Assert.True(step.FaceMatched);
        Assert.Equal("C0000000", step.ResultCode);
        Assert.Equal(0.93, step.FaceScore);
    }

    [Fact]
    public async Task VerifyRealNameFace_Mismatch_MapsStatusAndFaceScore()
    {
        var payload = Payloads.RealName(Sample.RequestId, "face_mismatch", "C0401021");
        payload["faceScore"] = 0.41;
        _harness.AnswerSigned(Paths.RealNameFace, 200, payload);

        var step = await _harness.Authority.VerifyRealNameFaceAsync(Sample.RequestId, Sample.FaceSample, Ct);

        Assert.Equal("face_mismatch", step.Status);
        Assert.False(step.FaceMatched);
        Assert.Equal("C0401021", step.ResultCode);
        Assert.Equal(0.41, step.FaceScore);
    }
}
