using NetIdentity.Authority.Tests.Infrastructure;
using Polly.CircuitBreaker;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// Which calls the pipeline repeats, and what opens the shared circuit breaker
/// (authority-contract §8 point 5; issue 8 §6). Calls that consume a single-use bizSeq or
/// requestId, send an SMS or spend attempts are never repeated; a 429 says one caller asks too
/// often, not that the authority is down, so it never opens the breaker every login shares.
/// </summary>
public sealed class RetryPolicyTests(TestKeys keys) : IClassFixture<TestKeys>
{
    private readonly TestKeys _keys = keys;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> NotRetried => [Paths.Sessions, Paths.Identity, Paths.Guardianships, Paths.RealName, Paths.RealNameOtp, Paths.RealNameFace];

    [Theory]
    [MemberData(nameof(NotRetried))]
    public async Task Call_ThatConsumesSomethingAnswered503_IsSentOnce(string path)
    {
        using var harness = new AuthorityHarness(_keys);
        harness.AnswerProblem(path, 503, "A0503001");

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(harness.Authority, path, Ct));

        Assert.Equal(AuthorityFailure.Unavailable, error.Failure);
        Assert.Single(harness.Received(path));
    }

    [Fact]
    public async Task CredentialQuery_Answered503_IsRetriedUpToMaxRetries()
    {
        using var harness = new AuthorityHarness(_keys);
        harness.AnswerProblem(Paths.Credentials, 503, "A0503001");

        await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityHarness.MaxRetries + 1, harness.Received(Paths.Credentials).Count);
    }

    // The breaker opens after ten transient failures (ResilienceTests); twelve 429s leave it closed.
    [Fact]
    public async Task Call_AfterMany429s_CircuitStaysClosedForEveryone()
    {
        using var harness = new AuthorityHarness(_keys, o => o.MaxRetries = 0);
        harness.AnswerProblem(Paths.RealNameOtp, 429, "A0429001");
        harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential());
        for (var i = 0; i < 12; i++)
        {
            var refused = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(harness.Authority, Paths.RealNameOtp, Ct));
            Assert.Equal((AuthorityFailure.Rejected, "A0429001"), (refused.Failure, refused.Code));
        }

        var poll = await harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.NotNull(poll.Credential);
        Assert.Equal(12, harness.Received(Paths.RealNameOtp).Count);
        Assert.Single(harness.Received(Paths.Credentials));
    }

    // The contrast that shows the test above can fail: the same number of 503s opens it.
    [Fact]
    public async Task Call_AfterMany503s_CircuitOpensForEveryone()
    {
        using var harness = new AuthorityHarness(_keys, o => o.MaxRetries = 0);
        harness.AnswerProblem(Paths.RealNameOtp, 503, "A0503001");
        harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential());
        for (var i = 0; i < 12; i++)
        {
            await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(harness.Authority, Paths.RealNameOtp, Ct));
        }

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.IsType<BrokenCircuitException>(error.InnerException);
        Assert.Empty(harness.Received(Paths.Credentials));
    }
}
