using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace NetIdentity.Broker.IntegrationTests.Telemetry;

/// <summary>
/// Metrics, traces and health (issue 11 §3): a real login is counted by path and result, a
/// consent by decision; no metric label and no trace attribute carries a person's identity, a
/// subject or a token; <c>/metrics</c> is off outside Development and answers only its token when
/// one is set; readiness fails when the database does.
/// </summary>
/// <remarks>
/// Runs alone: ASP.NET Core's and HttpClient's activity sources are process-wide, so spans of
/// hosts in parallel tests (whose test clients send persona data to the mock's tester API) would
/// reach this host's collector too.
/// </remarks>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<Activity> _spans = [];
    private Infrastructure.MockAuthority? _mock;

    public async ValueTask InitializeAsync() => _mock = await Infrastructure.MockAuthority.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scrape_AfterALoginWithSeparateConsent_CountsItAndCarriesNoPersonalDataOrToken()
    {
        using var broker = new BrokerHost(
            _mock!.Address,
            new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Collector(_spans))));
        _ = broker.Server;
        using var counted = new HostMetrics(broker);
        var driver = new LoginDriver(broker.CreateBrowser(), _mock);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.identity" };

        var login = await driver.LoginWithConsentAsync(request, separateConsent: true);
        var code = login.Code;
        var tokens = await driver.RedeemAsync(request, code);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        var metrics = await broker.CreateClient().GetStringAsync("/metrics", Ct);

        Assert.Equal(1, counted.Sum("netidentity.logins.started"));
        Assert.Equal(1, counted.Sum("netidentity.logins.completed", ("netidentity.path", "netid"), ("netidentity.result", "C0000000")));
        Assert.Equal(1, counted.Sum("netidentity.consent.decisions", ("netidentity.decision", "granted")));
        Assert.Equal(0, counted.Sum("netidentity.consent.decisions", ("netidentity.decision", "refused")));
        Assert.Matches("netidentity_logins_completed_total\\{[^}]*netidentity_path=\"netid\"", metrics);
        Assert.Contains(_spans, span => span.Kind == ActivityKind.Server);
        Assert.Contains(_spans, span => span.Kind == ActivityKind.Client);

        var subject = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.IdToken!).Subject;
        Assert.Equal(subject, userInfo.GetProperty("sub").GetString());
        var secrets = Personas.PlaintextValues
            .Concat([subject, code, tokens.AccessToken!, tokens.RefreshToken ?? code, tokens.IdToken!]);
        var traced = _spans.SelectMany(span => span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}").Append(span.DisplayName)).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(traced, value => value.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Metrics_WithScrapeToken_AnswersOnlyThatToken()
    {
        using var broker = new BrokerHost(_mock!.Address, new Dictionary<string, string?> { ["Telemetry:ScrapeToken"] = "scrape-token-0123456789" });
        var client = broker.CreateClient();

        var none = await client.GetAsync("/metrics", Ct);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "scrape-token-wrong") } };
        var wrongAnswer = await client.SendAsync(wrong, Ct);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "scrape-token-0123456789") } };
        var rightAnswer = await client.SendAsync(right, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightAnswer.StatusCode);
        Assert.Contains("# TYPE", await rightAnswer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_InProductionByDefault_AreNotServed()
    {
        using var production = new ProductionSettings();
        using var broker = new BrokerHost(_mock!.Address, production.Values, environment: "Production");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = ProductionSettings.IssuerHost } };

        var response = await broker.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_WhenTheDatabaseIsGone_IsLiveButNotReady()
    {
        using var broker = new BrokerHost(_mock!.Address);
        var client = broker.CreateClient();
        var readyBefore = await client.GetAsync("/healthz/ready", Ct);

        broker.DeleteDatabase();
        var live = await client.GetAsync("/healthz/live", Ct);
        var ready = await client.GetAsync("/healthz/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, readyBefore.StatusCode);
        Assert.Equal("Healthy", await readyBefore.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Ct));
    }

    private sealed class Collector(List<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (spans)
            {
                spans.Add(data);
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "telemetry (alone)";
}
