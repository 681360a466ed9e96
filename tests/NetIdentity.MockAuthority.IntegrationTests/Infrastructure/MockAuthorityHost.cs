using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>
/// The mock authority on real Kestrel at 127.0.0.1 on a free port, started through its public
/// entry point in the Development environment (the committed keys and ORG-SANDBOX).
/// </summary>
internal sealed class MockAuthorityHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MockAuthorityHost(WebApplication app, ManualClock clock, Uri address)
    {
        _app = app;
        Clock = clock;
        Address = address;
        Http = NewHttpClient();
        Sandbox = new AuthorityClient(Http, clock, TestKeys.SandboxOrgId, TestKeys.SandboxAppId, TestKeys.SandboxKey);
        Tester = new TesterClient(Http);
    }

    public ManualClock Clock { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>Signs as ORG-SANDBOX with the published development key.</summary>
    public AuthorityClient Sandbox { get; }

    public TesterClient Tester { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Extra configuration, as <c>key=value</c> (e.g. <c>MockAuthority:SessionLifetimeSeconds=5</c>).</param>
    /// <param name="logging">Where the mock logs; by default nowhere.</param>
    /// <param name="extend">Adds to the built application before it starts (e.g. an endpoint that fails).</param>
    public static async Task<MockAuthorityHost> StartAsync(
        IEnumerable<string>? settings = null, ILoggerProvider? logging = null, Action<WebApplication>? extend = null)
    {
        var clock = new ManualClock(ManualClock.DefaultStart);
        string[] args =
        [
            "--environment", "Development",
            "--urls", "http://127.0.0.1:0",
            "--MockAuthority:SlowDelayMs=300",
            .. (settings ?? []).Select(s => "--" + s),
        ];
        var app = MockAuthorityApp.Create(args, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddLogging(builder =>
            {
                builder.ClearProviders();
                if (logging is not null)
                {
                    builder.AddProvider(logging);
                }
            });
        });
        extend?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new MockAuthorityHost(app, clock, new Uri(app.Urls.Single()));
    }

    /// <summary>A client of its own (e.g. with a cookie jar for the simulated app's antiforgery cookie).</summary>
    public HttpClient NewHttpClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Another organisation registered through the tester API, and a client signing as it.</summary>
    public async Task<AuthorityClient> RegisterOrganisationAsync(bool plaintextEntitled = false, params string[] allowedAttributes)
    {
        var (orgId, key) = await Tester.RegisterOrganisationAsync(TestContext.Current.CancellationToken, plaintextEntitled, allowedAttributes);
        return new AuthorityClient(Http, Clock, orgId, "test-app", key);
    }

    /// <summary>Opens a session and answers it as <paramref name="persona"/>; returns the bizSeq.</summary>
    public async Task<string> ApprovedSessionAsync(string persona, string mode = "R01", AuthorityClient? client = null, params string[] attributes)
    {
        var ct = TestContext.Current.CancellationToken;
        var bizSeq = AuthorityClient.NewId();
        (await (client ?? Sandbox).OpenSessionAsync(bizSeq, mode, ct, attributes)).AssertStatus(HttpStatusCode.Created);
        (await Tester.ApproveAsync(bizSeq, persona, ct)).AssertStatus(HttpStatusCode.OK);
        return bizSeq;
    }

    /// <summary>
    /// Opens a session that asks for a plaintext release (contract v2) and approves it as
    /// <paramref name="persona"/>, with <paramref name="identity"/> as the in-app answer; returns the bizSeq.
    /// </summary>
    public async Task<string> IdentitySessionAsync(string persona, string mode = "R01", AuthorityClient? client = null, string identity = "confirm")
    {
        var ct = TestContext.Current.CancellationToken;
        var bizSeq = AuthorityClient.NewId();
        (await (client ?? Sandbox).OpenSessionWithAsync(bizSeq, mode, new() { ["identityRelease"] = true }, ct)).AssertStatus(HttpStatusCode.Created);
        (await Tester.ApproveAsync(bizSeq, persona, ct, identity: identity)).AssertStatus(HttpStatusCode.OK);
        return bizSeq;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>
/// One mock for the tests that neither move its clock nor inject faults (those start their own).
/// </summary>
public sealed class SharedMockAuthority : IAsyncLifetime
{
    private MockAuthorityHost? _host;

    internal MockAuthorityHost Host => _host ?? throw new InvalidOperationException("The shared mock authority has not started.");

    public async ValueTask InitializeAsync() => _host = await MockAuthorityHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
