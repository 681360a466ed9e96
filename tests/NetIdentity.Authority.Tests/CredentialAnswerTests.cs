using System.Text.Json.Nodes;
using NetIdentity.Authority.Tests.Infrastructure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Authority.Tests;

/// <summary>The answers to <c>POST /v1/credentials/query</c> (authority-contract §3).</summary>
public sealed class CredentialAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    // §3: 202 Accepted, unsigned, while the person has not answered.
    [Fact]
    public async Task QueryCredential_Accepted_IsPendingWithExpiry()
    {
        _harness.Answer(Paths.Credentials, 202, $$"""{ "bizSeq": "{{Sample.BizSeq}}", "status": "pending", "expiresAt": "2026-11-22T12:02:00Z" }""");

        var poll = await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.True(poll.IsPending);
        Assert.Null(poll.Credential);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 2, 0, TimeSpan.Zero), poll.ExpiresAt);
    }

    [Fact]
    public async Task QueryCredential_Pass_MapsEveryField()
    {
        _harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential(mode: "R03"));

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.NotNull(credential);
        Assert.Equal(Sample.CredentialId, credential.CredentialId);
        Assert.Equal(Sample.BizSeq, credential.BizSeq);
        Assert.Equal(Sample.OrgId, credential.OrgId);
        Assert.Equal(VerificationMode.R03, credential.Mode);
        Assert.True(credential.Passed);
        Assert.Equal("C0000000", credential.ResultCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 0, 31, TimeSpan.Zero), credential.ServiceTime);
        Assert.Equal(Sample.AppScopedId, credential.AppScopedId);
        Assert.Equal(0.97, credential.FaceScore);
        Assert.Equal(AgeBand.Adult, credential.AgeBand);
        Assert.Equal("F", credential.Gender);
    }

    [Theory]
    [InlineData("R01", VerificationMode.R01)]
    [InlineData("R02", VerificationMode.R02)]
    [InlineData("R03", VerificationMode.R03)]
    [InlineData("R04", VerificationMode.R04)]
    public async Task QueryCredential_EachMode_MapsMode(string wire, VerificationMode expected)
    {
        _harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential(mode: wire));

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.Equal(expected, credential!.Mode);
    }

    // §3: a refusal or failure is still a signed credential, result fail with a reason code (§5).
    [Fact]
    public async Task QueryCredential_Fail_MapsResultAndReasonCode()
    {
        var payload = Payloads.Credential(result: "fail", resultCode: "C0401002");
        payload.Remove("appScopedId");
        payload.Remove("faceScore");
        payload.Remove("attributes");
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.False(credential!.Passed);
        Assert.Equal("C0401002", credential.ResultCode);
        Assert.Null(credential.AppScopedId);
        Assert.Null(credential.FaceScore);
    }

    [Theory]
    [InlineData("under_14", AgeBand.Under14)]
    [InlineData("14_17", AgeBand.From14To17)]
    [InlineData("adult", AgeBand.Adult)]
    public async Task QueryCredential_AgeBand_MapsBand(string wire, AgeBand expected)
    {
        var payload = Payloads.Credential();
        payload["attributes"] = new JsonObject { ["ageBand"] = wire };
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.Equal(expected, credential!.AgeBand);
    }

    [Theory]
    [InlineData("F")]
    [InlineData("M")]
    public async Task QueryCredential_Gender_MapsGender(string gender)
    {
        var payload = Payloads.Credential();
        payload["attributes"] = new JsonObject { ["gender"] = gender };
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.Equal(gender, credential!.Gender);
        Assert.Null(credential.AgeBand);
    }

    // §3: attributes only when requested and authorised; none means none.
    [Fact]
    public async Task QueryCredential_NoAttributes_LeavesAgeBandAndGenderEmpty()
    {
        var payload = Payloads.Credential();
        payload.Remove("attributes");
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.Null(credential!.AgeBand);
        Assert.Null(credential.Gender);
    }

    // The adapter leaves bizSeq and orgId to CredentialRules, so the broker can report a replayed
    // or misdirected credential as NI1102 / NI1105 rather than as a malformed answer.
    [Theory]
    [InlineData("bizSeq", Sample.OtherBizSeq)]
    [InlineData("orgId", "ORG-OTHER")]
    public async Task QueryCredential_ForAnotherBizSeqOrOrg_IsReturnedAsIs(string field, string value)
    {
        var payload = Payloads.Credential();
        payload[field] = value;
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential;

        Assert.NotNull(credential);
        Assert.Equal(value, field == "bizSeq" ? credential.BizSeq : credential.OrgId);
    }

    // §3 names exactly four modes. Enum parsing would also take "3" or "R01,R02" (flags), which
    // would raise a credential's assurance; they must be refused like any unknown mode.
    [Theory]
    [InlineData("R05")]
    [InlineData("r01")]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("R01,R02")]
    [InlineData(" R04")]
    public async Task QueryCredential_UnknownMode_IsInvalidResponse(string mode)
    {
        _harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential(mode: mode));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }

    [Theory]
    [InlineData("passed")]
    [InlineData("PASS")]
    [InlineData("")]
    public async Task QueryCredential_UnknownResult_IsInvalidResponse(string result)
    {
        _harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential(result: result));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task QueryCredential_UnknownAgeBand_IsInvalidResponse()
    {
        var payload = Payloads.Credential();
        payload["attributes"] = new JsonObject { ["ageBand"] = "13" };
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
    }

    // §3: credentialId, bizSeq, orgId, mode, result, resultCode and serviceTime are always present.
    [Theory]
    [InlineData("credentialId")]
    [InlineData("bizSeq")]
    [InlineData("orgId")]
    [InlineData("mode")]
    [InlineData("result")]
    [InlineData("resultCode")]
    [InlineData("serviceTime")]
    public async Task QueryCredential_MissingRequiredField_IsInvalidResponse(string field)
    {
        var payload = Payloads.Credential();
        payload.Remove(field);
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
    }
}
