using System.Net;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// Per-address limits see the real client (issue 8 §6): X-Forwarded-For is believed only from a
/// configured trusted proxy (Broker:TrustedProxies), IPv6 clients count per /64, and opening
/// authority sessions and polling them are limited per address (NI1204). The other way's
/// per-address limit (2 here) is the meter of the partition tests. Addresses are documentation
/// ranges (RFC 5737, RFC 3849), set on the in-memory connection by <see cref="TestPeer"/>.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class ClientAddressLimitTests(OtherPathFixture fixture)
{
    private const string LoadBalancer = "192.0.2.10";

    [Theory]
    [InlineData(null)]
    [InlineData("198.51.100.7")]
    public async Task Submit_SpoofedForwardedForFromUntrustedPeer_DoesNotChangeThePartition(string? trustedProxy)
    {
        await using var broker = StartBroker(trustedProxy);

        var answers = new List<BrokerAnswer>();
        foreach (var spoofed in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            answers.Add(await SubmitAsync(TestPeer.Browser(broker, LoadBalancer, spoofed)));
        }

        Assert.Equal(["NI1402", "NI1402", "NI1406"], answers.Select(a => a.ErrorCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].Status);
    }

    [Fact]
    public async Task Submit_ForwardedForFromTrustedProxy_CountsEachClientApart()
    {
        await using var broker = StartBroker("192.0.2.0/24");

        var answers = new List<BrokerAnswer>();
        foreach (var client in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1", "203.0.113.1" })
        {
            answers.Add(await SubmitAsync(TestPeer.Browser(broker, LoadBalancer, client)));
        }

        Assert.Equal(["NI1402", "NI1402", "NI1402", "NI1402", "NI1406"], answers.Select(a => a.ErrorCode));
    }

    [Fact]
    public async Task Submit_TwoIpv6AddressesInOneSlash64_ShareAPartition()
    {
        await using var broker = StartBroker();

        var first = await SubmitAsync(TestPeer.Browser(broker, "2001:db8:1:2::1"));
        var second = await SubmitAsync(TestPeer.Browser(broker, "2001:db8:1:2:ffff:ffff:ffff:fffe"));
        var third = await SubmitAsync(TestPeer.Browser(broker, "2001:db8:1:2::abcd"));
        var otherNetwork = await SubmitAsync(TestPeer.Browser(broker, "2001:db8:1:3::1"));

        Assert.Equal(["NI1402", "NI1402", "NI1406", "NI1402"], new[] { first, second, third, otherNetwork }.Select(a => a.ErrorCode));
    }

    [Fact]
    public async Task ChooseNetId_PastThePerAddressSessionLimit_Answers429NI1204()
    {
        await using var broker = StartBroker(settings: new() { ["Broker:AddressLimits:SessionsPerAddress"] = "2" });
        _ = broker.Server;
        using var metrics = new HostMetrics(broker);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await ChooseNetIdAsync(TestPeer.Browser(broker, "203.0.113.5")));
        }

        var another = await ChooseNetIdAsync(TestPeer.Browser(broker, "203.0.113.6"));

        Assert.All(answers[..2], answer => Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].StatusCode);
        var page = await answers[2].Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("data-error-code=\"NI1204\"", page, StringComparison.Ordinal);
        Assert.Contains(LoginErrors.TooManyRequests.MessageZh, page, StringComparison.Ordinal);
        Assert.Equal("900", answers[2].Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, another.StatusCode);
        Assert.Equal(1, metrics.Sum("netidentity.rate_limit.refusals", ("netidentity.limit", "address")));
    }

    [Fact]
    public async Task Status_PastThePerAddressPollLimit_Answers429JsonNI1204()
    {
        await using var broker = StartBroker(settings: new() { ["Broker:AddressLimits:PollsPerAddress"] = "3" });
        var browser = TestPeer.Browser(broker, "203.0.113.8");
        var chosen = await ChooseNetIdAsync(browser);
        var status = chosen.Headers.Location + "/status";

        var polls = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            polls.Add(await browser.GetAsync(new Uri(status, UriKind.Relative), TestContext.Current.CancellationToken));
        }

        Assert.All(polls[..3], poll => Assert.Equal(HttpStatusCode.OK, poll.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, polls[3].StatusCode);
        using var problem = JsonDocument.Parse(await polls[3].Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("NI1204", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("60", polls[3].Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task ChooseNetId_AcrossTwoInstancesOnOneDatabase_SharesOneBudget()
    {
        var limit = new Dictionary<string, string?> { ["Broker:AddressLimits:SessionsPerAddress"] = "2" };
        await using var first = StartBroker(settings: limit);
        await using var second = StartBroker(settings: limit, databaseDirectory: first.DatabaseDirectory);

        var onFirst = await ChooseNetIdAsync(TestPeer.Browser(first, "203.0.113.9"));
        var onSecond = await ChooseNetIdAsync(TestPeer.Browser(second, "203.0.113.9"));
        var thirdOnFirst = await ChooseNetIdAsync(TestPeer.Browser(first, "203.0.113.9"));

        Assert.Equal(HttpStatusCode.Redirect, onFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, thirdOnFirst.StatusCode);
    }

    private BrokerHost StartBroker(string? trustedProxy = null, Dictionary<string, string?>? settings = null, string? databaseDirectory = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Broker:OtherPath:AttemptsPerIdNumber"] = "100",
            ["Broker:OtherPath:AttemptsPerAddress"] = "2",
            ["Broker:OtherPath:AttemptsPerLogin"] = "100",
            ["Broker:OtherPath:MaximumDelay"] = "00:00:00.01",
        };
        if (trustedProxy is not null)
        {
            all["Broker:TrustedProxies:0"] = trustedProxy;
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return fixture.StartBroker(all, TestPeer.Register, databaseDirectory);
    }

    /// <summary>One real-name check (a mismatch) in a login of its own, from <paramref name="browser"/>.</summary>
    private async Task<BrokerAnswer> SubmitAsync(HttpClient browser)
    {
        var driver = new OtherPathDriver(browser, fixture.Mock);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        return await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);
    }

    /// <summary>"Use 网号/网证" on the method page of a new login.</summary>
    private async Task<HttpResponseMessage> ChooseNetIdAsync(HttpClient browser)
    {
        var driver = new LoginDriver(browser, fixture.Mock);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        var page = await browser.GetStringAsync(new Uri(login, UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LoginDriver.Antiforgery(page) });
        return await browser.PostAsync(new Uri(login + "?handler=NetId", UriKind.Relative), form);
    }
}
