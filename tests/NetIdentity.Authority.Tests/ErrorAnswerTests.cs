using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>Problem-details errors and other failed answers (authority-contract §1.3).</summary>
public sealed class ErrorAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(Paths.Sessions, 400, "A0400002")]
    [InlineData(Paths.Sessions, 401, "A0401002")]
    [InlineData(Paths.Sessions, 403, "A0403001")]
    [InlineData(Paths.Sessions, 409, "A0409001")]
    [InlineData(Paths.Credentials, 404, "A0404001")]
    [InlineData(Paths.Credentials, 410, "A0410001")]
    [InlineData(Paths.Identity, 403, "A0403002")]
    [InlineData(Paths.Identity, 403, "A0403003")]
    [InlineData(Paths.Identity, 409, "A0409002")]
    [InlineData(Paths.Identity, 410, "A0410002")]
    [InlineData(Paths.Guardianships, 409, "A0409001")]
    [InlineData(Paths.RealName, 400, "A0400004")]
    [InlineData(Paths.RealNameOtp, 409, "A0409004")]
    [InlineData(Paths.RealNameFace, 410, "A0410001")]
    public async Task ProblemClientError_WithCode_IsRejectedWithThatCode(string path, int status, string code)
    {
        _harness.AnswerProblem(path, status, code);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct));

        Assert.Equal(AuthorityFailure.Rejected, error.Failure);
        Assert.Equal(code, error.Code);
    }

    // A documented refusal is final: retrying the same request cannot change it.
    [Fact]
    public async Task ProblemClientError_Answered_IsNotRetried()
    {
        _harness.AnswerProblem(Paths.Credentials, 410, "A0410001");

        await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Single(_harness.Received(Paths.Credentials));
    }

    // §1.3: A0429001 closes the verification; it still arrives as a rejection with its code.
    [Fact]
    public async Task TooManyCodes_Problem429_IsRejectedWithCode()
    {
        _harness.AnswerProblem(Paths.RealNameOtp, 429, "A0429001");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.RealNameOtp, Ct));

        Assert.Equal(AuthorityFailure.Rejected, error.Failure);
        Assert.Equal("A0429001", error.Code);
    }

    // §1.3 / §8 point 5: 503 means retry later with backoff (for the credential query, the one
    // call safe to repeat: RetryPolicyTests); after the retries it is Unavailable.
    [Fact]
    public async Task Unavailable503_AfterRetries_IsUnavailableWithCode()
    {
        _harness.AnswerProblem(Paths.Credentials, 503, "A0503001");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Credentials, Ct));

        Assert.Equal(AuthorityFailure.Unavailable, error.Failure);
        Assert.Equal("A0503001", error.Code);
        Assert.Equal(AuthorityHarness.MaxRetries + 1, _harness.Received(Paths.Credentials).Count);
    }

    // A proxy's or crashed server's page is not a problem document: no code to report.
    [Fact]
    public async Task ServerError500_NonJsonBody_IsUnavailableWithoutCode()
    {
        _harness.Answer(Paths.Credentials, 500, "Internal Server Error", "text/plain");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Unavailable, error.Failure);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task ClientError_NonJsonBody_IsRejectedWithoutCode()
    {
        _harness.Answer(Paths.Credentials, 404, "<html>Not Found</html>", "text/html");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Rejected, error.Failure);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task ProblemClientError_WithoutCode_IsRejectedWithoutCode()
    {
        _harness.Answer(Paths.Sessions, 400, """{ "title": "Bad Request", "status": 400 }""", "application/problem+json");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Sessions, Ct));

        Assert.Equal(AuthorityFailure.Rejected, error.Failure);
        Assert.Null(error.Code);
    }

    // The message names the failure and the code only (AuthorityException's contract).
    [Fact]
    public async Task Rejected_Message_NamesFailureAndCode()
    {
        _harness.AnswerProblem(Paths.Credentials, 410, "A0410001");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal("Authority call failed: Rejected (A0410001).", error.Message);
    }
}
