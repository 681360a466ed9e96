using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Realname;

/// <summary>The traditional real-name service (contract §7): the other lawful way (PRODUCT rule 4).</summary>
public sealed class RealnameTests(SharedMockAuthority shared)
{
    private static readonly string Sample = Convert.ToBase64String("simulated face"u8);

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("韩雪梅", "440305199912120920", "13800000014", 0.96)]
    [InlineData("杨子涵", "440305201109090363", "13800000015", 0.95)]
    [InlineData("朱小乐", "110105201601010284", "13800000016", 0.95)]
    [InlineData("秦立新", "320503197806150378", "13800000017", 0.96)]
    [InlineData("赵一鸣", "110105199003071239", "13800000001", 0.97)]
    public async Task Verification_MatchingPerson_GoesFromCodeToVerifiedToFaceMatch(string name, string idNumber, string phone, double score)
    {
        var requestId = AuthorityClient.NewId();

        var opened = await OpenAsync(requestId, name, idNumber, phone);
        var code = await CodeAsync(requestId, await Mock.Tester.OtpAsync(phone, Ct));
        var face = await FaceAsync(requestId);

        var openedPayload = opened.Payload;
        Assert.Equal("netid.realname", openedPayload.GetProperty("type").GetString());
        Assert.Equal(requestId, openedPayload.GetProperty("requestId").GetString());
        Assert.Equal("otp_sent", openedPayload.GetProperty("status").GetString());
        Assert.Equal("C0000000", openedPayload.GetProperty("resultCode").GetString());
        Assert.True(openedPayload.GetProperty("otpExpiresAt").GetDateTimeOffset() > Mock.Clock.GetUtcNow());
        Assert.Equal("verified", code.Payload.GetProperty("status").GetString());
        Assert.Equal("C0000000", code.Payload.GetProperty("resultCode").GetString());
        Assert.Equal(5, code.Payload.GetProperty("attemptsLeft").GetInt32());
        Assert.Equal("face_match", face.Payload.GetProperty("status").GetString());
        Assert.Equal("C0000000", face.Payload.GetProperty("resultCode").GetString());
        Assert.Equal(score, face.Payload.GetProperty("faceScore").GetDouble(), 3);
    }

    [Fact]
    public async Task Verification_FaceMismatchPersona_FailsTheFaceStep()
    {
        var requestId = AuthorityClient.NewId();
        await OpenAsync(requestId, "陈浩然", "310104199503030776", "13800000009");
        await CodeAsync(requestId, await Mock.Tester.OtpAsync("13800000009", Ct));

        var face = (await FaceAsync(requestId)).Payload;

        Assert.Equal("face_mismatch", face.GetProperty("status").GetString());
        Assert.Equal("C0401021", face.GetProperty("resultCode").GetString());
        Assert.Equal(0.31, face.GetProperty("faceScore").GetDouble(), 3);
    }

    [Theory]
    [InlineData("许文静", "110105199211030482")]
    [InlineData("韩雪梅", "110105199211030482")]
    [InlineData("韩雪梅", "11010519921103048X")]
    public async Task Verification_NameAndNumberDoNotMatch_AnswersMismatchC0402001(string name, string idNumber)
    {
        var response = await OpenAsync(AuthorityClient.NewId(), name, idNumber, "13800000018");

        var payload = response.Payload;
        Assert.Equal("mismatch", payload.GetProperty("status").GetString());
        Assert.Equal("C0402001", payload.GetProperty("resultCode").GetString());
        Assert.False(payload.TryGetProperty("otpExpiresAt", out _));
    }

    [Fact]
    public async Task Verification_NameMismatchPersonaWithTheRegisteredName_SendsACode()
    {
        var response = await OpenAsync(AuthorityClient.NewId(), "许文清", "110105199211030482", "13800000018");

        Assert.Equal("otp_sent", response.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Code_AfterMismatch_AnswersA0409004()
    {
        var requestId = AuthorityClient.NewId();
        await OpenAsync(requestId, "许文静", "110105199211030482", "13800000018");

        var response = await CodeAsync(requestId, "123456");

        response.AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    [Fact]
    public async Task Code_Wrong_AnswersOtpInvalidWithAttemptsLeft()
    {
        var requestId = await OpenedAsync();

        var response = await CodeAsync(requestId, "not-the-code");

        var payload = response.Payload;
        Assert.Equal("otp_invalid", payload.GetProperty("status").GetString());
        Assert.Equal("C0402002", payload.GetProperty("resultCode").GetString());
        Assert.Equal(4, payload.GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task Code_FiveWrong_ClosesTheVerificationWithA0429001()
    {
        var requestId = await OpenedAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(5 - attempt, (await CodeAsync(requestId, "wrong")).Payload.GetProperty("attemptsLeft").GetInt32());
        }

        var fifth = await CodeAsync(requestId, "wrong");
        var rightCodeTooLate = await CodeAsync(requestId, await Mock.Tester.OtpAsync("13800000014", Ct));

        fifth.AssertProblem(HttpStatusCode.TooManyRequests, "A0429001");
        rightCodeTooLate.AssertProblem(HttpStatusCode.TooManyRequests, "A0429001");
    }

    [Fact]
    public async Task Code_AfterVerified_AnswersA0409004()
    {
        var requestId = await OpenedAsync();
        var code = await Mock.Tester.OtpAsync("13800000014", Ct);
        (await CodeAsync(requestId, code)).AssertStatus(HttpStatusCode.OK);

        var response = await CodeAsync(requestId, code);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    [Fact]
    public async Task Face_BeforeTheCode_AnswersA0409004()
    {
        var requestId = await OpenedAsync();

        var response = await FaceAsync(requestId);

        response.AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    [Fact]
    public async Task Face_SampleNotBase64_AnswersA0400001()
    {
        var requestId = await OpenedAsync();
        await CodeAsync(requestId, await Mock.Tester.OtpAsync("13800000014", Ct));

        var response = await Mock.Sandbox.PostAsync("/v1/realname/verifications/face", new() { ["requestId"] = requestId, ["faceSample"] = "not base64!" }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Theory]
    [InlineData("/v1/realname/verifications/otp", "code", "123456")]
    [InlineData("/v1/realname/verifications/face", "faceSample", "c2FtcGxl")]
    public async Task Step_UnknownVerification_AnswersA0404001(string path, string member, string value)
    {
        var response = await Mock.Sandbox.PostAsync(path, new() { ["requestId"] = AuthorityClient.NewId(), [member] = value }, Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
    }

    [Fact]
    public async Task Step_AnotherOrganisationsVerification_AnswersA0404001()
    {
        var requestId = await OpenedAsync();
        var other = await Mock.RegisterOrganisationAsync();

        var response = await other.PostAsync("/v1/realname/verifications/otp", new() { ["requestId"] = requestId, ["code"] = "123456" }, Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "A0404001");
    }

    [Fact]
    public async Task Open_ReusedRequestId_AnswersA0409001()
    {
        var requestId = await OpenedAsync();

        var response = await OpenAsync(requestId, "韩雪梅", "440305199912120920", "13800000014");

        response.AssertProblem(HttpStatusCode.Conflict, "A0409001");
    }

    [Fact]
    public async Task Open_BadRequestId_AnswersA0400002()
    {
        var response = await Mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = "x", ["identityEnvelope"] = "AQB" }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400002");
    }

    [Theory]
    [InlineData("AQB")]
    [InlineData("not+base64url")]
    public async Task Open_UnreadableEnvelope_AnswersA0400001(string envelope)
    {
        var response = await Mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = AuthorityClient.NewId(), ["identityEnvelope"] = envelope }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    [Fact]
    public async Task Open_EnvelopeWithoutPhone_AnswersA0400001()
    {
        var requestId = AuthorityClient.NewId();
        var envelope = AuthorityClient.SealToAuthority(new { name = "韩雪梅", idType = "resident_id", idNumber = "440305199912120920" }, requestId);

        var response = await Mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = requestId, ["identityEnvelope"] = envelope }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "A0400001");
    }

    private async Task<string> OpenedAsync()
    {
        var requestId = AuthorityClient.NewId();
        (await OpenAsync(requestId, "韩雪梅", "440305199912120920", "13800000014")).AssertStatus(HttpStatusCode.OK);
        return requestId;
    }

    private Task<AuthorityResponse> OpenAsync(string requestId, string name, string idNumber, string phone) =>
        Mock.Sandbox.PostAsync("/v1/realname/verifications", new()
        {
            ["requestId"] = requestId,
            ["identityEnvelope"] = AuthorityClient.SealToAuthority(new { name, idType = "resident_id", idNumber, phone }, requestId),
        }, Ct);

    private Task<AuthorityResponse> CodeAsync(string requestId, string code) =>
        Mock.Sandbox.PostAsync("/v1/realname/verifications/otp", new() { ["requestId"] = requestId, ["code"] = code }, Ct);

    private Task<AuthorityResponse> FaceAsync(string requestId) =>
        Mock.Sandbox.PostAsync("/v1/realname/verifications/face", new() { ["requestId"] = requestId, ["faceSample"] = Sample }, Ct);
}
