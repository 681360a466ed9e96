using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// The real-name check must not become an oracle for name/number pairs: attempts are limited per
/// ID number (whoever asks), per client address and per login within a window, with growing
/// delays after each mismatch; past a limit the person gets a clear 429 page (NI1406), the
/// attempt is logged, and nothing typed is kept (PRODUCT rules 6 and 7). Each test has a broker
/// of its own with small limits and a short maximum delay.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class OtherPathRateLimitTests(OtherPathFixture fixture)
{
    private const int Limit = 2;
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromMilliseconds(200);

    public static TheoryData<string> Limits => ["AttemptsPerIdNumber", "AttemptsPerLogin", "AttemptsPerAddress"];

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Submit_PastTheLimit_Answers429WithNI1406(string limit)
    {
        await using var broker = StartBroker(limit);

        var answers = await AttemptAsync(broker, limit, Limit + 1);

        Assert.All(answers[..Limit], answer => Assert.Equal((HttpStatusCode.OK, "NI1402"), (answer.Status, answer.ErrorCode)));
        var refused = answers[Limit];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("NI1406", refused.ErrorCode);
        Assert.Contains(LoginErrors.TooManyAttempts.MessageZh, refused.Body, StringComparison.Ordinal);
        Assert.Contains(LoginErrors.TooManyAttempts.AdviceZh, refused.Body, StringComparison.Ordinal);
    }

    // One limit the page itself enforces (per ID number), one the rate-limiting middleware does.
    [Theory]
    [InlineData("AttemptsPerIdNumber")]
    [InlineData("AttemptsPerLogin")]
    public async Task Submit_PastTheLimit_SaysToRetryAfterTheWindow(string limit)
    {
        await using var broker = StartBroker(limit);

        var answers = await AttemptAsync(broker, limit, Limit + 1);

        Assert.Equal("600", answers[Limit].RetryAfter);
    }

    // Routing takes the page in any case and with a trailing slash; so must the limits.
    [Theory]
    [InlineData("/OTHER")]
    [InlineData("/other/")]
    public async Task Submit_PastThePerLoginLimitToAnotherSpellingOfThePage_Answers429(string page)
    {
        await using var broker = StartBroker("AttemptsPerLogin");
        var driver = fixture.NewDriver(broker);
        var person = OtherPathPersonas.NameMismatch;
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal("NI1402", (await driver.SubmitAsync(login, person.Name, person.IdNumber, person.Phone, page: page)).ErrorCode);
        }

        var refused = await driver.SubmitAsync(login, person.Name, person.IdNumber, person.Phone, page: page);

        Assert.Equal((HttpStatusCode.TooManyRequests, "NI1406"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Submit_PastTheLimitInEnglish_ShowsTheEnglishNI1406Message()
    {
        await using var broker = StartBroker("AttemptsPerLogin");
        var driver = fixture.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        for (var i = 0; i < Limit; i++)
        {
            await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);
        }

        var refused = await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch, lang: "en");

        Assert.Equal((HttpStatusCode.TooManyRequests, "NI1406"), (refused.Status, refused.ErrorCode));
        Assert.Contains(LoginErrors.TooManyAttempts.MessageEn, refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_PastThePerIdNumberLimit_DoesNotAskTheAuthority()
    {
        var calls = new RealNameCallCounter();
        await using var broker = StartBroker("AttemptsPerIdNumber", calls);

        var answers = await AttemptAsync(broker, "AttemptsPerIdNumber", Limit + 2);

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].Status);
        Assert.Equal(Limit, calls.Starts);
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Submit_PastTheLimit_LeavesAnAuthenticationLogRowNI1406(string limit)
    {
        await using var broker = StartBroker(limit);

        await AttemptAsync(broker, limit, Limit + 1);

        var row = await broker.LatestLogEntryAsync();
        Assert.Equal("NI1406", row.ResultCode);
        Assert.Equal("document", row.Path);
        Assert.Equal(TestPlatforms.B.ClientId, row.ClientId);
        Assert.Null(row.Subject);
    }

    // Timing: a lower bound only, with room for timer granularity; never an upper bound.
    [Fact]
    public async Task Submit_ThirdMismatchForOneNumber_WaitsAtLeastTheMaximumDelay()
    {
        await using var broker = StartBroker("AttemptsPerLogin", limit: 100);
        var driver = fixture.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);
        await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);

        var clock = Stopwatch.StartNew();
        var third = await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);
        var elapsed = clock.Elapsed;

        Assert.Equal("NI1402", third.ErrorCode);
        Assert.True(elapsed >= MaximumDelay - TimeSpan.FromMilliseconds(15), $"The third mismatch was answered after {elapsed.TotalMilliseconds} ms.");
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Broker_AfterLoginsMismatchesAndTheLimit_KeepsNoPlaintextIdentity(string limit)
    {
        await using var broker = StartBroker(limit);
        var driver = fixture.NewDriver(broker);
        var person = OtherPathPersonas.Adult;
        Assert.Contains("code", LoginDriver.Query(await driver.LoginAsync(new AuthorizationRequest(TestPlatforms.B) { AcrValues = "urn:netidentity:acr:level3" }, person)).Keys);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        Assert.Equal("NI1401", (await driver.SubmitAsync(login, person.Name, OtherPathPersonas.WithWrongCheckCharacter(person.IdNumber), person.Phone)).ErrorCode);

        var answers = await AttemptAsync(broker, limit, Limit + 1);

        Assert.Contains(answers, answer => answer.Status == HttpStatusCode.TooManyRequests);
        await AssertNoPlaintextAsync(broker, [.. OtherPathPersonas.All.SelectMany(p => new[] { p.Name, p.IdNumber, p.Phone }), OtherPathPersonas.WithWrongCheckCharacter(person.IdNumber)]);
    }

    private BrokerHost StartBroker(string limited, RealNameCallCounter? calls = null, int limit = Limit) => fixture.StartBroker(
        new Dictionary<string, string?>
        {
            ["Broker:OtherPath:AttemptsPerIdNumber"] = "100",
            ["Broker:OtherPath:AttemptsPerAddress"] = "100",
            ["Broker:OtherPath:AttemptsPerLogin"] = "100",
            ["Broker:OtherPath:" + limited] = limit.ToString(CultureInfo.InvariantCulture),
            ["Broker:OtherPath:Window"] = "00:10:00",
            ["Broker:OtherPath:MaximumDelay"] = "00:00:00.2",
        },
        calls is null ? null : calls.Decorate);

    /// <summary>
    /// <paramref name="count"/> real-name checks as other-name-mismatch, spread so that only
    /// <paramref name="limit"/> applies: one login per attempt (per ID number, per address; all
    /// attempts come from the test server's one client address), or all in one login (per login).
    /// </summary>
    private async Task<BrokerAnswer[]> AttemptAsync(BrokerHost broker, string limit, int count)
    {
        var driver = fixture.NewDriver(broker);
        var answers = new List<BrokerAnswer>();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && limit != "AttemptsPerLogin")
            {
                login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
            }

            answers.Add(await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch));
        }

        return [.. answers];
    }

    /// <summary>As Privacy/NoPlaintextTests: the SQLite file and its WAL (UTF-8 and UTF-16), and every log line.</summary>
    private static async Task AssertNoPlaintextAsync(BrokerHost broker, IReadOnlyList<string> values)
    {
        var database = await PlaintextScan.DatabaseBytesAsync(broker.DatabasePath);
        var logs = broker.Logs.Lines.ToList();
        Assert.NotEmpty(database);
        Assert.NotEmpty(logs);
        Assert.True(database.AsSpan().IndexOf("NI1406"u8) >= 0, "The scan does not see the latest writes.");
        foreach (var value in values)
        {
            Assert.False(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0, $"The database holds '{value}'.");
            Assert.False(database.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) >= 0, $"The database holds '{value}' (UTF-16).");
            Assert.DoesNotContain(logs, line => line.Contains(value, StringComparison.Ordinal));
        }
    }
}
