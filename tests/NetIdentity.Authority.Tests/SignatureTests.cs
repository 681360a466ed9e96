using System.Buffers.Text;
using System.Text;
using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// Signed answers are verified against a pinned key before anything is read
/// (authority-contract §1.2, §8 point 1).
/// </summary>
public sealed class SignatureTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Answer_EachMethod_SignedByUnpinnedKey_IsInvalidSignature(string path)
    {
        ContractAuthority.Install(_harness, signer: _harness.Keys.Stranger);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct));

        Assert.Equal(AuthorityFailure.InvalidSignature, error.Failure);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task Credential_UnknownKid_IsInvalidSignature()
    {
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), _harness.Keys.AuthoritySigning, kid: "mock-sig-2027"));

        await AssertFailure(AuthorityFailure.InvalidSignature);
    }

    // The kid picks the key: a good signature under another pinned key's kid does not verify.
    [Fact]
    public async Task Credential_KidOfAnotherPinnedKey_IsInvalidSignature()
    {
        using var harness = new AuthorityHarness(_harness.Keys, o =>
            o.SigningKeys.Add(new AuthorityKey { KeyId = "second-sig", PublicKeyPem = _harness.Keys.Stranger.PublicKey.ExportPem() }));
        harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), harness.Keys.AuthoritySigning, kid: "second-sig"));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.InvalidSignature, error.Failure);
    }

    // §2: several keys may be pinned (rotation); each verifies answers under its own kid.
    [Fact]
    public async Task Credential_SignedBySecondPinnedKey_Verifies()
    {
        using var harness = new AuthorityHarness(_harness.Keys, o =>
            o.SigningKeys.Add(new AuthorityKey { KeyId = "second-sig", PublicKeyPem = _harness.Keys.Stranger.PublicKey.ExportPem() }));
        harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), harness.Keys.Stranger, kid: "second-sig"));

        var poll = await harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.NotNull(poll.Credential);
    }

    // A fail turned into a pass after signing.
    [Fact]
    public async Task Credential_TamperedPayload_IsInvalidSignature()
    {
        var signedFor = SignedAnswer.Utf8(Payloads.Credential(result: "fail", resultCode: "C0401021"));
        var tampered = SignedAnswer.Utf8(Payloads.Credential(result: "pass"));
        var signature = Convert.ToBase64String(_harness.Keys.AuthoritySigning.Sign(signedFor));
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Envelope(Base64Url.EncodeToString(tampered), signature, TestKeys.SigningKeyId));

        await AssertFailure(AuthorityFailure.InvalidSignature);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("MEUCIQ")]
    public async Task Credential_SignatureNotBase64_IsInvalidSignature(string signature)
    {
        var payload = Base64Url.EncodeToString(SignedAnswer.Utf8(Payloads.Credential()));
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Envelope(payload, signature, TestKeys.SigningKeyId));

        await AssertFailure(AuthorityFailure.InvalidSignature);
    }

    [Fact]
    public async Task Credential_PayloadNotBase64Url_IsInvalidSignature()
    {
        var bytes = SignedAnswer.Utf8(Payloads.Credential());
        var signature = Convert.ToBase64String(_harness.Keys.AuthoritySigning.Sign(bytes));
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Envelope("{not*base64url}", signature, TestKeys.SigningKeyId));

        await AssertFailure(AuthorityFailure.InvalidSignature);
    }

    // §1.2: the signature covers the decoded payload bytes, not the base64url text.
    [Fact]
    public async Task Credential_SignatureOverEncodedText_IsInvalidSignature()
    {
        var payload = Base64Url.EncodeToString(SignedAnswer.Utf8(Payloads.Credential()));
        var signature = Convert.ToBase64String(_harness.Keys.AuthoritySigning.Sign(Encoding.ASCII.GetBytes(payload)));
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Envelope(payload, signature, TestKeys.SigningKeyId));

        await AssertFailure(AuthorityFailure.InvalidSignature);
    }

    // An unsigned payload where the contract promises a signed one is not an answer.
    [Fact]
    public async Task Credential_UnsignedJson_IsInvalidResponse()
    {
        _harness.Answer(Paths.Credentials, 200, Payloads.Credential().ToJsonString());

        await AssertFailure(AuthorityFailure.InvalidResponse);
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("signature")]
    [InlineData("kid")]
    public async Task Credential_SignedAnswerMissingPart_IsInvalidResponse(string part)
    {
        var answer = System.Text.Json.Nodes.JsonNode.Parse(SignedAnswer.Create(Payloads.Credential(), _harness.Keys.AuthoritySigning))!.AsObject();
        answer.Remove(part);
        _harness.Answer(Paths.Credentials, 200, answer.ToJsonString());

        await AssertFailure(AuthorityFailure.InvalidResponse);
    }

    [Fact]
    public async Task Credential_BodyNotJson_IsInvalidResponse()
    {
        _harness.Answer(Paths.Credentials, 200, "<html>gateway</html>", "text/html");

        await AssertFailure(AuthorityFailure.InvalidResponse);
    }

    // Verified bytes that are not JSON are still not an answer.
    [Fact]
    public async Task Credential_SignedPayloadNotJson_IsInvalidResponse()
    {
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Encoding.UTF8.GetBytes("not json"), _harness.Keys.AuthoritySigning));

        await AssertFailure(AuthorityFailure.InvalidResponse);
    }

    private async Task AssertFailure(AuthorityFailure expected)
    {
        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(expected, error.Failure);
        Assert.Null(error.Code);
    }
}
