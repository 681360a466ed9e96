using System.Diagnostics;
using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Faults;

/// <summary>Fault injection (<c>/tester/faults</c>), on a mock of each test's own: faults apply to every caller.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private MockAuthorityHost? _mock;

    private MockAuthorityHost Mock => _mock!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mock = await MockAuthorityHost.StartAsync();

    public async ValueTask DisposeAsync() => await Mock.DisposeAsync();

    [Fact]
    public async Task Outage_Set_EveryV1EndpointAnswersA0503001()
    {
        (await Mock.Tester.PostAsync("/tester/faults", new { outage = true }, Ct)).AssertStatus(HttpStatusCode.OK);

        var keys = await Mock.Tester.GetAsync("/v1/keys", Ct);
        var open = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);
        var query = await Mock.Sandbox.QueryCredentialAsync(AuthorityClient.NewId(), Ct);

        keys.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
        open.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
        query.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
    }

    [Fact]
    public async Task Outage_Cleared_EndpointsAnswerAgain()
    {
        (await Mock.Tester.PostAsync("/tester/faults", new { outage = true }, Ct)).AssertStatus(HttpStatusCode.OK);

        var cleared = await Mock.Tester.SendAsync(HttpMethod.Delete, "/tester/faults", null, Ct);
        var open = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);

        cleared.AssertStatus(HttpStatusCode.OK);
        Assert.False(cleared.Json.GetProperty("outage").GetBoolean());
        open.AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Delay_Set_V1AnswersAfterTheDelay()
    {
        (await Mock.Tester.PostAsync("/tester/faults", new { delayMs = 400 }, Ct)).AssertStatus(HttpStatusCode.OK);
        var watch = Stopwatch.StartNew();

        var response = await Mock.Sandbox.OpenSessionAsync(AuthorityClient.NewId(), "R01", Ct);

        response.AssertStatus(HttpStatusCode.Created);
        Assert.True(watch.ElapsedMilliseconds >= 390, $"Answered after {watch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task Delay_Set_TesterApiIsNotDelayed()
    {
        (await Mock.Tester.PostAsync("/tester/faults", new { delayMs = 5000 }, Ct)).AssertStatus(HttpStatusCode.OK);
        var watch = Stopwatch.StartNew();

        var faults = await Mock.Tester.GetAsync("/tester/faults", Ct);

        Assert.True(watch.ElapsedMilliseconds < 4000);
        Assert.Equal(5000, faults.Json.GetProperty("delayMs").GetInt32());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60_001)]
    public async Task Faults_DelayOutOfRange_AnswersT0400001(int delayMs)
    {
        var response = await Mock.Tester.PostAsync("/tester/faults", new { delayMs }, Ct);

        response.AssertProblem(HttpStatusCode.BadRequest, "T0400001");
    }
}
