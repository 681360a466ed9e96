using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NetIdentity.Bench.Driver.Running;
using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>How one login ended, as the person and the platform saw it.</summary>
/// <param name="Completed">The platform received its tokens.</param>
/// <param name="Code">Why not: an NI code, an OAuth error, <c>HTTP nnn</c>, or <c>hang</c>/<c>connection</c>/an exception type.</param>
/// <param name="Step">The step that failed.</param>
/// <param name="Detail">The failure's message.</param>
/// <param name="Elapsed">From the authorization request to the end.</param>
internal sealed record LoginAttempt(bool Completed, string? Code, string? Step, string? Detail, TimeSpan Elapsed)
{
    /// <summary>Each request of the login to the balancer, in order, with the instance that answered it.</summary>
    public IReadOnlyCollection<(string Path, string Instance)> Served { get; init; } = [];

    /// <summary>The instance that answered the person's choice of the app (<c>?handler=NetId</c>), if the login got that far.</summary>
    public string? ChoiceAnsweredBy => Served.LastOrDefault(s => s.Path.EndsWith("?handler=NetId", StringComparison.Ordinal)).Instance;

    public override string ToString() => Completed
        ? $"completed in {Elapsed.TotalMilliseconds:0} ms"
        : $"{Code} at {Step} after {Elapsed.TotalMilliseconds:0} ms{(ChoiceAnsweredBy is { } instance ? " (the choice answered by " + instance + ")" : "")}: {Detail}";
}

/// <summary>
/// Drives the cluster for the fault tests with the bench's HTTP login (a person's browser, the
/// national app through the mock's tester API, the platform's token request), and keeps every
/// 5xx answer the balancer passed on, so a test can say what the person was shown.
/// </summary>
internal sealed partial class FaultDriver : IDisposable
{
    private readonly ScaleOutCluster cluster;
    private readonly HttpClient http;

    private FaultDriver(ScaleOutCluster cluster, HttpClient http, InstanceTracker tracker, ServerErrors errors, LoginContext context, LoginContext consentContext)
    {
        this.cluster = cluster;
        this.http = http;
        Tracker = tracker;
        Errors = errors;
        Context = context;
        ConsentContext = consentContext;
    }

    public InstanceTracker Tracker { get; }

    /// <summary>Every answer of 500 or more from the balancer (an instance's or its own).</summary>
    public ServerErrors Errors { get; }

    private LoginContext Context { get; }

    /// <summary>A second cycle through the same personas: its first login is the first persona's.</summary>
    private LoginContext ConsentContext { get; }

    public static async Task<FaultDriver> StartAsync(ScaleOutCluster cluster, CancellationToken cancellationToken)
    {
        var tracker = new InstanceTracker(cluster.Balancer);
        var errors = new ServerErrors(cluster.Balancer) { InnerHandler = tracker };
        var http = new HttpClient(errors) { Timeout = TimeSpan.FromSeconds(120) };
        var options = new BenchOptions
        {
            Broker = cluster.Balancer,
            Authority = cluster.Mock,
            ClientId = ScaleOutCluster.ClientId,
            ClientSecret = ScaleOutCluster.ClientSecret,
            RedirectUri = cluster.RedirectUri,
        };
        var people = await PersonaPool.LoadAsync(http, cluster.Mock, cancellationToken);
        var consentPeople = await PersonaPool.LoadAsync(http, cluster.Mock, cancellationToken);
        return new FaultDriver(cluster, http, tracker, errors, new LoginContext(options, http, people), new LoginContext(options, http, consentPeople));
    }

    /// <summary>
    /// One complete 网号 login; with <paramref name="consent"/> the platform asks for
    /// <c>netid.age</c> and the person agrees. Never throws for a failed login: a login that
    /// outlives <paramref name="bound"/> ends as <c>hang</c>.
    /// </summary>
    public Task<LoginAttempt> LoginAsync(bool consent, TimeSpan bound, CancellationToken cancellationToken) =>
        AttemptAsync(new AppLogin(consent ? ConsentContext : Context, consent), bound, cancellationToken);

    /// <summary>A login that must complete; fails the test with the cluster's output otherwise.</summary>
    public async Task MustLogInAsync(bool consent, CancellationToken cancellationToken)
    {
        var attempt = await LoginAsync(consent, TimeSpan.FromSeconds(60), cancellationToken);
        Assert.True(attempt.Completed, $"The login failed: {attempt}\n{cluster.Output}");
    }

    /// <summary>
    /// The person of the first consent login signs in to "my authorizations" (<c>/my</c>) with the
    /// national app and withdraws every consent in force there: each withdrawal is a ledger entry
    /// and queues a signed event for the platform in the outbox (docs/events.md).
    /// </summary>
    /// <returns>How many consents were withdrawn.</returns>
    public async Task<int> WithdrawFirstPersonsConsentsAsync(CancellationToken cancellationToken)
    {
        var person = (await PersonaPool.LoadAsync(http, cluster.Mock, cancellationToken)).NextForApp();
        var browser = new Browser(http);
        var login = Redirect(await browser.GetAsync(Broker("my/login"), cancellationToken), "/my/login");
        var method = await browser.GetAsync(Broker(login), cancellationToken);
        // A browser's form submission is answered with the QR page itself (docs/mock-authority.md).
        var qr = await browser.PostFormAsync(Broker(login + "?handler=NetId"), [new("__RequestVerificationToken", Token(method))], cancellationToken);
        if (qr.Status != HttpStatusCode.OK)
        {
            qr = await browser.GetAsync(Broker(Redirect(qr, "choose the app")), cancellationToken);
        }

        var bizSeq = BizSeq().Match(qr.Body).Groups[1].Value;
        var matchCode = MatchCode().Match(qr.Body).Groups[1].Value;
        using (var approved = await http.PostAsJsonAsync(new Uri(cluster.Mock, $"tester/sessions/{bizSeq}/approve"), new { persona = person.Id, matchCode }, cancellationToken))
        {
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(cancellationToken));
        }

        var complete = Redirect(await browser.GetAsync(Broker(login + "/netid/continue"), cancellationToken), "continue");
        Assert.Equal("/my", Redirect(await browser.GetAsync(Broker(complete), cancellationToken), complete));

        var withdrawn = 0;
        while (true)
        {
            var page = await browser.GetAsync(Broker("my"), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            if (Grant().Match(page.Body) is not { Success: true } grant)
            {
                return withdrawn;
            }

            var answer = await browser.PostFormAsync(Broker("my?handler=Withdraw"), [new("grantId", grant.Groups[1].Value), new("__RequestVerificationToken", Token(page))], cancellationToken);
            Assert.Equal("/my?withdrawn=1", Redirect(answer, "withdraw"));
            withdrawn++;
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<LoginAttempt> AttemptAsync(AppLogin login, TimeSpan bound, CancellationToken cancellationToken)
    {
        var served = Tracker.Follow();
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        LoginAttempt Failed(string code, string step, string detail) => new(false, code, step, detail, Stopwatch.GetElapsedTime(started)) { Served = served };
        var record = new LoginRecord();
        try
        {
            await login.RunAsync(record, timeout.Token);
            return new LoginAttempt(true, null, null, null, Stopwatch.GetElapsedTime(started)) { Served = served };
        }
        catch (LoginFailedException failure)
        {
            return Failed(failure.Code, failure.Step, failure.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("hang", record.Current, $"no end within {bound}");
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException or IOException || exception.HttpRequestError is HttpRequestError.ConnectionError)
        {
            return Failed("connection", record.Current, exception.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return Failed(exception.GetType().Name, record.Current, exception.Message);
        }
    }

    private Uri Broker(string pathAndQuery) => new(cluster.Balancer, pathAndQuery.TrimStart('/'));

    private static string Redirect(Answer answer, string step)
    {
        Assert.True(answer.IsRedirect && answer.Location is not null, $"{step}: expected a redirect, got {(int)answer.Status}.");
        return answer.Location!;
    }

    private static string Token(Answer page) =>
        Antiforgery().Match(page.Body) is { Success: true } token ? token.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("data-biz-seq=\"([A-Za-z0-9]{32})\"")]
    private static partial Regex BizSeq();

    [GeneratedRegex("data-match-code=\"([0-9]+)\"")]
    private static partial Regex MatchCode();

    [GeneratedRegex("data-grant=\"([^\"]+)\"")]
    private static partial Regex Grant();
}

/// <summary>One answer of 500 or more: who gave it (an instance, or the balancer itself) and what it said.</summary>
/// <param name="Path">The path asked.</param>
/// <param name="Status">The status.</param>
/// <param name="Instance">The instance that answered (<c>X-NetIdentity-Instance</c>), or null for the balancer's own.</param>
/// <param name="ContentType">The media type of the body.</param>
/// <param name="Body">The body.</param>
internal sealed record ServerError(string Path, int Status, string? Instance, string? ContentType, string Body)
{
    public override string ToString() =>
        $"{Status} for {Path} from {Instance ?? "the balancer"} ({ContentType}): {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>Keeps the 5xx answers that come back through the balancer, bodies included.</summary>
internal sealed class ServerErrors(Uri balancer) : DelegatingHandler
{
    private readonly ConcurrentQueue<ServerError> answers = new();

    public IReadOnlyList<ServerError> Answers => [.. answers];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500 && request.RequestUri!.GetLeftPart(UriPartial.Authority) == balancer.GetLeftPart(UriPartial.Authority))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var instance = response.Headers.TryGetValues("X-NetIdentity-Instance", out var values) ? values.Single() : null;
            answers.Enqueue(new ServerError(
                request.RequestUri.AbsolutePath,
                (int)response.StatusCode,
                string.IsNullOrEmpty(instance) ? null : instance,
                response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(cancellationToken)));
        }

        return response;
    }
}
