using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetIdentity.Authority.Tests.Infrastructure;
using Polly.CircuitBreaker;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// Timeouts, retries with backoff and the circuit breaker (authority-contract §8 point 5): the
/// authority is a remote dependency, and a person waits on it.
/// </summary>
public sealed class ResilienceTests(TestKeys keys) : IClassFixture<TestKeys>
{
    private readonly TestKeys _keys = keys;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Call_NothingListening_IsUnavailable()
    {
        using var harness = new AuthorityHarness(_keys, baseAddress: new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Unavailable, error.Failure);
        Assert.Null(error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Call_AnswerSlowerThanAttemptTimeout_IsTimeout()
    {
        using var harness = new AuthorityHarness(_keys, o =>
        {
            o.AttemptTimeout = AuthorityHarness.ShortAttemptTimeout;
            o.TotalTimeout = AuthorityHarness.ShortTotalTimeout;
            o.MaxRetries = 0;
        });
        harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), _keys.AuthoritySigning), delay: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Timeout, error.Failure);
        Assert.Null(error.Code);
    }

    // Every attempt would time out on its own (three attempts and two backoffs: at least 2.4 s);
    // the total timeout ends the call at 0.9 s.
    [Fact]
    public async Task Call_SlowOnEveryAttempt_EndsAtTotalTimeout()
    {
        using var harness = new AuthorityHarness(_keys, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(800);
            o.TotalTimeout = TimeSpan.FromMilliseconds(900);
            o.MaxRetries = 2;
        });
        harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), _keys.AuthoritySigning), delay: TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Timeout, error.Failure);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(850), TimeSpan.FromMilliseconds(2000));
    }

    // The credential query reads a result and changes nothing: safe to repeat.
    [Fact]
    public async Task CredentialQuery_TransientFailureThenSuccess_IsRetriedAndSucceeds()
    {
        using var harness = new AuthorityHarness(_keys);
        harness.Server.Given(Request.Create().WithPath(Paths.Credentials).UsingPost())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/problem+json").WithBody(AuthorityHarness.Problem(503, "A0503001")));
        harness.Server.Given(Request.Create().WithPath(Paths.Credentials).UsingPost())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(SignedAnswer.Create(Payloads.Credential(), _keys.AuthoritySigning)));

        var poll = await harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.NotNull(poll.Credential);
        Assert.Equal(2, harness.Received(Paths.Credentials).Count);
    }

    // The breaker (failure ratio 0.5 over at least 10 calls) opens after ten failures in a row;
    // the eleventh call is refused without reaching the authority.
    [Fact]
    public async Task Call_AfterRepeatedFailures_CircuitOpensAndStopsCalling()
    {
        using var harness = new AuthorityHarness(_keys, o => o.MaxRetries = 0);
        harness.AnswerProblem(Paths.Credentials, 503, "A0503001");
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));
        }

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Unavailable, error.Failure);
        Assert.Null(error.Code);
        Assert.IsType<BrokenCircuitException>(error.InnerException);
        Assert.Equal(10, harness.Received(Paths.Credentials).Count);
    }

    // The break is a setting (Authority:CircuitBreaker): with the defaults, ten failures open the
    // breaker for 15 s; configured, two failures open it for 2 s. Until the break is over on the
    // clock, calls are refused without reaching the authority; then the next call goes through,
    // and its success closes the breaker.
    [Theory]
    [InlineData(null, null)]
    [InlineData(2, 2)]
    public async Task Call_AfterTheConfiguredBreak_IsLetThroughAndClosesTheBreaker(int? minimumThroughput, int? breakSeconds)
    {
        using var harness = new AuthorityHarness(_keys, o =>
        {
            o.MaxRetries = 0;
            o.CircuitBreaker.MinimumThroughput = minimumThroughput ?? o.CircuitBreaker.MinimumThroughput;
            o.CircuitBreaker.BreakDuration = breakSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : o.CircuitBreaker.BreakDuration;
        });
        var failures = minimumThroughput ?? 10;
        var breakDuration = TimeSpan.FromSeconds(breakSeconds ?? 15);
        harness.AnswerProblem(Paths.Credentials, 503, "A0503001");
        for (var i = 0; i < failures; i++)
        {
            await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));
        }

        harness.Server.ResetMappings();
        harness.AnswerSigned(Paths.Credentials, 200, Payloads.Credential());
        harness.Clock.Advance(breakDuration - TimeSpan.FromMilliseconds(100));
        var refused = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200));

        var probe = await harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);
        var next = await harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.IsType<BrokenCircuitException>(refused.InnerException);
        Assert.NotNull(probe.Credential);
        Assert.NotNull(next.Credential);
        Assert.Equal(failures + 2, harness.Received(Paths.Credentials).Count);
    }

    // WireMock delays whole answers only. A raw loopback listener sends the headers at once and
    // then stalls the body: the pipeline's timeouts end at the headers, so only HttpClient's own
    // timeout (set to the total) bounds the rest.
    [Fact]
    public async Task Call_BodyStallsAfterHeaders_IsTimeoutWithinTotal()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var authority = StallAfterHeadersAsync(listener, stall.Token);
        using var harness = new AuthorityHarness(_keys, o =>
        {
            o.AttemptTimeout = AuthorityHarness.ShortAttemptTimeout;
            o.TotalTimeout = AuthorityHarness.ShortTotalTimeout;
            o.MaxRetries = 0;
        }, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AuthorityException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct));

        Assert.Equal(AuthorityFailure.Timeout, error.Failure);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4)); // the listener holds the body for 10 s
        await stall.CancelAsync();
        await authority;
    }

    // The caller's own cancellation (the person left) is not an authority failure.
    [Fact]
    public async Task Call_CancelledByCaller_ThrowsOperationCanceled()
    {
        using var harness = new AuthorityHarness(_keys);
        harness.Answer(Paths.Credentials, 200, SignedAnswer.Create(Payloads.Credential(), _keys.AuthoritySigning), delay: TimeSpan.FromSeconds(1));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Authority.QueryCredentialAsync(Sample.BizSeq, cancellation.Token));
    }

    private static async Task StallAfterHeadersAsync(TcpListener listener, CancellationToken stall)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync(stall);
            var stream = client.GetStream();
            _ = await stream.ReadAtLeastAsync(new byte[16384], 1, throwOnEndOfStream: false, stall);
            var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"payload\":\""u8.ToArray();
            await stream.WriteAsync(head, stall);
            await Task.Delay(TimeSpan.FromSeconds(10), stall);
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
