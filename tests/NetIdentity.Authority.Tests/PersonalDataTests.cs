using System.Buffers.Text;
using System.Text.Json;
using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// A failed call's exception names the failure and a code, never a payload or personal data
/// (PRODUCT rule 7: plaintext identity is never written to a log).
/// </summary>
public sealed class PersonalDataTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    // A broken identity answer that carries the plaintext (not an envelope) where the envelope belongs.
    [Fact]
    public async Task IdentityAnswer_PlaintextInEnvelopeField_ExceptionCarriesNoPersonalData()
    {
        var plaintext = JsonSerializer.Serialize(new { name = Sample.Name, idType = Sample.IdType, idNumber = Sample.IdNumber });
        var payload = Payloads.Identity(plaintext);
        var payloadText = Base64Url.EncodeToString(SignedAnswer.Utf8(payload));
        _harness.AnswerSigned(Paths.Identity, 200, payload);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Identity, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        var text = error.ToString();
        Assert.DoesNotContain(Sample.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Sample.IdNumber, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(payloadText[..16], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialAnswer_Tampered_ExceptionCarriesNoPayload()
    {
        var payloadText = Base64Url.EncodeToString(SignedAnswer.Utf8(Payloads.Credential()));
        _harness.Answer(Paths.Credentials, 200, SignedAnswer.Envelope(payloadText, "MEUCIQC0", TestKeys.SigningKeyId));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal("Authority call failed: InvalidSignature.", error.Message);
        Assert.DoesNotContain(Sample.AppScopedId, error.ToString(), StringComparison.Ordinal);
    }

    // The problem body is unsigned; a "code" that is not of the §1.3 shape is dropped rather
    // than copied into the exception message and the log.
    [Fact]
    public async Task ProblemCode_EchoingPersonalData_IsDropped()
    {
        var body = JsonSerializer.Serialize(new { title = "Bad Request", status = 400, code = Sample.Name + " " + Sample.IdNumber });
        _harness.Answer(Paths.RealName, 400, body, "application/problem+json");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.StartRealNameAsync(AuthorityCalls.Submission(), Ct));

        Assert.Equal(AuthorityFailure.Rejected, error.Failure);
        Assert.Null(error.Code);
        Assert.Equal("Authority call failed: Rejected.", error.Message);
    }

    // The submission reaches logs through ToString at most: only the requestId shows.
    [Fact]
    public void RealNameSubmission_ToString_NamesOnlyRequestId()
    {
        var text = AuthorityCalls.Submission().ToString();

        Assert.Equal($"RealNameSubmission {{ RequestId = {Sample.RequestId} }}", text);
    }

    [Fact]
    public void DocumentSubjectReference_ToString_HidesNumber()
    {
        var text = SubjectReference.ForDocument(Sample.IdType, Sample.IdNumber).ToString();

        Assert.Equal("SubjectReference(document)", text);
    }

    // A real-name request rejected by the authority still leaves the exception clean.
    [Fact]
    public async Task RealNameRejected_Exception_CarriesNoSubmittedData()
    {
        _harness.AnswerProblem(Paths.RealName, 400, "A0400001");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.StartRealNameAsync(AuthorityCalls.Submission(), Ct));

        var text = error.ToString();
        Assert.DoesNotContain(Sample.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Sample.IdNumber, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Sample.Phone, text, StringComparison.Ordinal);
    }
}
