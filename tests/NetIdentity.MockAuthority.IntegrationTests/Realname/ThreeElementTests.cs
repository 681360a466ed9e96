using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Realname;

/// <summary>
/// Contract §7 v2: the real-name check is a three-element check (运营商三要素核验). Name, ID
/// number and a mobile number registered to that same person must all match before a code is
/// sent, and it is sent to that number only; so a leaked name and number are not enough.
/// </summary>
public sealed class ThreeElementTests(SharedMockAuthority shared)
{
    /// <summary>other-adult, whose registered number is 13800000014.</summary>
    private const string Name = "韩雪梅";
    private const string IdNumber = "440305199912120920";
    private const string Phone = "13800000014";

    /// <summary>A number no persona has registered: the attacker's own phone.</summary>
    private const string AttackerPhone = "13999999999";

    // For the tests that read a code: other-guardian on his second number, which no other test
    // class uses, so a code read from the shared mock's outbox is this class's (classes run in parallel).
    private const string GuardianName = "秦立新";
    private const string GuardianIdNumber = "320503197806150378";
    private const string GuardianSecondPhone = "13800000019";

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_KnownNameAndNumberWithTheAttackersPhone_AnswersMismatchAndSendsNoCode()
    {
        var requestId = AuthorityClient.NewId();
        var before = await LastSentAsync(AttackerPhone);

        var opened = await OpenAsync(requestId, Name, IdNumber, AttackerPhone);

        AssertMismatch(opened);
        Assert.Equal(before, await LastSentAsync(AttackerPhone));
        (await CodeAsync(requestId, "123456")).AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    // other-borrowed-phone types 13800000019, which is registered to other-guardian (their second number).
    [Fact]
    public async Task Open_AsBorrowedPhonePersona_AnswersMismatchAndSendsNoCode()
    {
        var requestId = AuthorityClient.NewId();
        var before = await LastSentAsync("13800000019");

        var opened = await OpenAsync(requestId, "林志远", "110105199405060313", "13800000019");

        AssertMismatch(opened);
        Assert.Equal(before, await LastSentAsync("13800000019"));
        (await CodeAsync(requestId, "123456")).AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    [Fact]
    public async Task Open_AsUnregisteredPhonePersona_AnswersMismatchAndSendsNoCode()
    {
        var opened = await OpenAsync(AuthorityClient.NewId(), "何静怡", "310104199708220426", "13800000020");

        AssertMismatch(opened);
        (await Mock.Tester.GetAsync("/tester/otp/13800000020", Ct)).AssertProblem(HttpStatusCode.NotFound, "T0404001");
    }

    // The tester API shows what the simulated SMS gateway sent; a number that did not match is sent nothing.
    [Fact]
    public async Task TesterOtp_NumberThatNeverMatched_AnswersT0404001()
    {
        var before = await LastSentAsync(AttackerPhone);
        Assert.Null(before);
        await OpenAsync(AuthorityClient.NewId(), Name, IdNumber, AttackerPhone);

        var response = await Mock.Tester.GetAsync($"/tester/otp/{AttackerPhone}", Ct);

        response.AssertProblem(HttpStatusCode.NotFound, "T0404001");
    }

    [Fact]
    public async Task Open_OwnerOfASecondRegisteredNumber_SendsTheCodeToThatNumber()
    {
        var requestId = AuthorityClient.NewId();

        var opened = await OpenAsync(requestId, GuardianName, GuardianIdNumber, GuardianSecondPhone);
        var code = await CodeAsync(requestId, await Mock.Tester.OtpAsync(GuardianSecondPhone, Ct));

        Assert.Equal("otp_sent", opened.Payload.GetProperty("status").GetString());
        Assert.Equal("verified", code.Payload.GetProperty("status").GetString());
    }

    // Saying which element was wrong would make the check an oracle: for a number, which phone
    // or which name belongs to it. Every mismatch answers the same members with the same values.
    [Theory]
    [InlineData("韩雪清", IdNumber, Phone)]
    [InlineData(Name, "110105199211030482", Phone)]
    [InlineData(Name, IdNumber, "13800000015")]
    [InlineData(Name, IdNumber, AttackerPhone)]
    public async Task Open_AnyOneElementWrong_AnswersTheSameMismatch(string name, string idNumber, string phone)
    {
        var requestId = AuthorityClient.NewId();

        var opened = await OpenAsync(requestId, name, idNumber, phone);

        AssertMismatch(opened);
        var members = opened.Payload.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["appId", "orgId", "requestId", "resultCode", "status", "type"], members);
    }

    // A code is bound to its request (the login): a code sent for one verification does not
    // verify another, even of the same person with the same phone.
    [Fact]
    public async Task Code_SentForAnotherVerification_IsOtpInvalidAndItsOwnStillWorks()
    {
        var first = AuthorityClient.NewId();
        (await OpenAsync(first, GuardianName, GuardianIdNumber, GuardianSecondPhone)).AssertStatus(HttpStatusCode.OK);
        var firstCode = await Mock.Tester.OtpAsync(GuardianSecondPhone, Ct);
        var second = AuthorityClient.NewId();
        (await OpenAsync(second, GuardianName, GuardianIdNumber, GuardianSecondPhone)).AssertStatus(HttpStatusCode.OK);
        var secondCode = await Mock.Tester.OtpAsync(GuardianSecondPhone, Ct);
        Assert.SkipWhen(firstCode == secondCode, "The two random codes happen to be equal (one in a million).");

        var crossed = await CodeAsync(second, firstCode);
        var own = await CodeAsync(first, firstCode);

        Assert.Equal("otp_invalid", crossed.Payload.GetProperty("status").GetString());
        Assert.Equal("C0402002", crossed.Payload.GetProperty("resultCode").GetString());
        Assert.Equal("verified", own.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Code_UsedOnce_IsRefusedTheSecondTimeWithA0409004()
    {
        var requestId = AuthorityClient.NewId();
        (await OpenAsync(requestId, GuardianName, GuardianIdNumber, GuardianSecondPhone)).AssertStatus(HttpStatusCode.OK);
        var code = await Mock.Tester.OtpAsync(GuardianSecondPhone, Ct);
        Assert.Equal("verified", (await CodeAsync(requestId, code)).Payload.GetProperty("status").GetString());

        var again = await CodeAsync(requestId, code);

        again.AssertProblem(HttpStatusCode.Conflict, "A0409004");
    }

    [Theory]
    [InlineData("other-borrowed-phone")]
    [InlineData("other-unregistered-phone")]
    public async Task TesterPersonas_PhoneNotRegisteredToThePersona_ExpectsMismatchAndListsNoRegisteredPhone(string id)
    {
        var personas = (await Mock.Tester.GetAsync("/tester/personas", Ct)).Json.EnumerateArray();

        var persona = personas.Single(p => p.GetProperty("id").GetString() == id);

        Assert.Equal("mismatch", persona.GetProperty("expected").GetProperty("other").GetString());
        Assert.Equal(0, persona.GetProperty("registeredPhones").GetArrayLength());
    }

    [Fact]
    public async Task TesterPersonas_OtherGuardian_ListsBothRegisteredPhones()
    {
        var personas = (await Mock.Tester.GetAsync("/tester/personas", Ct)).Json.EnumerateArray();

        var persona = personas.Single(p => p.GetProperty("id").GetString() == "other-guardian");

        Assert.Equal(["13800000017", "13800000019"], persona.GetProperty("registeredPhones").EnumerateArray().Select(p => p.GetString()));
    }

    /// <summary>The last code the simulated SMS gateway sent to <paramref name="phone"/>, as the tester API shows it; null when none.</summary>
    private async Task<string?> LastSentAsync(string phone)
    {
        var response = await Mock.Tester.GetAsync($"/tester/otp/{phone}", Ct);
        return response.Status == HttpStatusCode.NotFound ? null : response.Body;
    }

    private static void AssertMismatch(AuthorityResponse response)
    {
        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("mismatch", response.Payload.GetProperty("status").GetString());
        Assert.Equal("C0402001", response.Payload.GetProperty("resultCode").GetString());
        Assert.False(response.Payload.TryGetProperty("otpExpiresAt", out _));
    }

    private Task<AuthorityResponse> OpenAsync(string requestId, string name, string idNumber, string phone) =>
        Mock.Sandbox.PostAsync("/v1/realname/verifications", new()
        {
            ["requestId"] = requestId,
            ["identityEnvelope"] = AuthorityClient.SealToAuthority(new { name, idType = "resident_id", idNumber, phone }, requestId),
        }, Ct);

    private Task<AuthorityResponse> CodeAsync(string requestId, string code) =>
        Mock.Sandbox.PostAsync("/v1/realname/verifications/otp", new() { ["requestId"] = requestId, ["code"] = code }, Ct);
}
