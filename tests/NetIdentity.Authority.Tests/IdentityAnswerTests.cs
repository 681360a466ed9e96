using System.Buffers.Text;
using System.Text;
using NetIdentity.Authority.Tests.Infrastructure;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority.Tests;

/// <summary>The answer to <c>POST /v1/identity/query</c> (authority-contract §4).</summary>
public sealed class IdentityAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    // The plaintext stays sealed to the organisation key until delivery: the adapter hands the
    // envelope's bytes on exactly as the authority sent them.
    [Fact]
    public async Task QueryIdentity_Ok_ReturnsEnvelopeBytesUntouched()
    {
        var envelope = ContractAuthority.SealIdentity(_harness.Keys, Sample.BizSeq);
        _harness.AnswerSigned(Paths.Identity, 200, Payloads.Identity(envelope));

        var identity = await _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name"]), Ct);

        Assert.Equal(Base64Url.DecodeFromChars(envelope), identity.Envelope.ToArray());
    }

    [Fact]
    public async Task QueryIdentity_Ok_MapsBizSeqAndAppScopedId()
    {
        _harness.AnswerSigned(Paths.Identity, 200, Payloads.Identity(ContractAuthority.SealIdentity(_harness.Keys, Sample.BizSeq)));

        var identity = await _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name"]), Ct);

        Assert.Equal(Sample.BizSeq, identity.BizSeq);
        Assert.Equal(Sample.AppScopedId, identity.AppScopedId);
    }

    // §4: sealed to the organisation's key, associated data the ASCII bizSeq.
    [Fact]
    public async Task QueryIdentity_Envelope_OpensWithOrganisationKeyAndBizSeq()
    {
        _harness.AnswerSigned(Paths.Identity, 200, Payloads.Identity(ContractAuthority.SealIdentity(_harness.Keys, Sample.BizSeq)));

        var identity = await _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name"]), Ct);

        var plaintext = Sm2Envelope.Open(_harness.Keys.Organisation, identity.Envelope.Span, Encoding.ASCII.GetBytes(Sample.BizSeq));
        Assert.Contains(Sample.Name, Encoding.UTF8.GetString(plaintext), StringComparison.Ordinal);
    }

    // SealedIdentity is logged by callers; its text must not carry the envelope.
    [Fact]
    public async Task QueryIdentity_ToString_NamesOnlyBizSeq()
    {
        _harness.AnswerSigned(Paths.Identity, 200, Payloads.Identity(ContractAuthority.SealIdentity(_harness.Keys, Sample.BizSeq)));

        var identity = await _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name"]), Ct);

        Assert.Equal($"SealedIdentity {{ BizSeq = {Sample.BizSeq} }}", identity.ToString());
    }

    [Fact]
    public async Task QueryIdentity_MissingEnvelope_IsInvalidResponse()
    {
        var payload = Payloads.Identity("unused");
        payload.Remove("envelope");
        _harness.AnswerSigned(Paths.Identity, 200, payload);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Identity, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }
}
