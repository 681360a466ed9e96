using NetIdentity.Authority.Tests.Infrastructure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// Contract v2 (authority-contract §3, §4, version notes): number matching, the app-link return and
/// the in-app confirmation of a plaintext release, as the adapter sends and reads them.
/// </summary>
public sealed class ContractV2Tests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private static readonly Uri ReturnUri = new("https://broker.example/login/abc/netid/return");

    private readonly AuthorityHarness _harness = Installed(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    private static AuthorityHarness Installed(TestKeys keys)
    {
        var harness = new AuthorityHarness(keys);
        ContractAuthority.Install(harness);
        return harness;
    }

    [Fact]
    public async Task OpenSession_Body_CarriesPlatformNameMatchCodeReturnUriAndIdentityRelease()
    {
        await _harness.Authority.OpenSessionAsync(
            new SessionRequest(Sample.BizSeq, VerificationMode.R01, [], Sample.PlatformName, Sample.MatchCode, ReturnUri, IdentityRelease: true), Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Sessions));
        Assert.Equal(Sample.PlatformName, body.GetProperty("platformName").GetString());
        Assert.Equal(Sample.MatchCode, body.GetProperty("matchCode").GetString());
        Assert.Equal(ReturnUri.AbsoluteUri, body.GetProperty("returnUri").GetString());
        Assert.True(body.GetProperty("identityRelease").GetBoolean());
    }

    [Fact]
    public async Task OpenSession_NoReturnNoRelease_OmitsBoth()
    {
        await _harness.Authority.OpenSessionAsync(new SessionRequest(Sample.BizSeq, VerificationMode.R01, [], Sample.PlatformName, Sample.MatchCode), Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Sessions));
        Assert.False(body.TryGetProperty("returnUri", out _));
        Assert.False(body.TryGetProperty("identityRelease", out _));
    }

    [Fact]
    public async Task QueryCredential_AppLinkApproval_MapsMatchChannelHashAndRelease()
    {
        var payload = Payloads.Credential();
        payload["matchedCode"] = Sample.MatchCode;
        payload["channel"] = "applink";
        payload["returnValueHash"] = "ab12";
        payload["identityRelease"] = "declined";
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential!;

        Assert.Equal(Sample.MatchCode, credential.MatchedCode);
        Assert.Equal(ApprovalChannel.AppLink, credential.Channel);
        Assert.Equal("ab12", credential.ReturnValueHash);
        Assert.False(credential.IdentityReleaseConfirmed);
    }

    [Fact]
    public async Task QueryCredential_V1Credential_HasNoMatchAndAnUnknownChannel()
    {
        _harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential());

        var credential = (await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct)).Credential!;

        Assert.Null(credential.MatchedCode);
        Assert.Equal(ApprovalChannel.Unknown, credential.Channel);
        Assert.Null(credential.IdentityReleaseConfirmed);
    }

    [Theory]
    [InlineData("channel", "bluetooth")]
    [InlineData("identityRelease", "maybe")]
    public async Task QueryCredential_UnknownV2Value_IsInvalidResponse(string member, string value)
    {
        var payload = Payloads.Credential();
        payload[member] = value;
        _harness.AnswerSigned(Paths.Credentials, 200, payload);

        var e = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, e.Failure);
    }

    [Fact]
    public async Task QueryIdentity_NotConfirmedInTheApp_IsRejectedWithA0403003()
    {
        _harness.Answer(Paths.Identity, 403, """{ "type": "https://netidentity.example/authority-errors/A0403003", "title": "The person did not confirm the plaintext release in the app.", "status": 403, "code": "A0403003" }""");

        var e = await Assert.ThrowsAsync<AuthorityException>(() =>
            _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name", "idType", "idNumber"]), Ct));

        Assert.Equal(AuthorityFailure.Rejected, e.Failure);
        Assert.Equal("A0403003", e.Code);
    }
}
