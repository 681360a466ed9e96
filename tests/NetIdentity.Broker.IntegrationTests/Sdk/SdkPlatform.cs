using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Client;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// A platform built on NetIdentity.Client, in process at <c>https://{host}/</c>, whose OpenID
/// Connect back channel reaches the in-process broker through a <see cref="Recorder"/> that notes
/// every request and answer (and may tamper with answers). <c>/login</c> challenges, the callback
/// is <c>/callback</c> (the FAPI test platforms' registered redirect URI), <c>/me</c> shows the
/// session's claims and its saved tokens.
/// </summary>
internal sealed class SdkPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SdkPlatform(WebApplication app, Recorder recorder, HttpClient browser)
    {
        _app = app;
        Recorder = recorder;
        Browser = browser;
    }

    public Recorder Recorder { get; }

    /// <summary>What the platform's back-channel handler was called with (<c>POST /events</c>).</summary>
    public RecordingBackChannelHandler Events => _app.Services.GetRequiredService<RecordingBackChannelHandler>();

    /// <summary>The person's browser at the platform: its own cookies, no redirects followed.</summary>
    public HttpClient Browser { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SdkPlatform> StartAsync(BrokerHost broker, string host, Action<NetIdentityOptions> configure, Action<IServiceCollection>? services = null, Action<Recorder>? tamper = null)
    {
        var recorder = new Recorder { InnerHandler = broker.Server.CreateHandler() };
        tamper?.Invoke(recorder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer(server => server.BaseAddress = new Uri($"https://{host}/"));
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = NetIdentityDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddNetIdentity(options =>
            {
                options.Authority = new Uri(ProtocolAssert.Issuer);
                configure(options);
            });
        builder.Services.Configure<OpenIdConnectOptions>(NetIdentityDefaults.AuthenticationScheme, options =>
        {
            options.CallbackPath = "/callback";
            options.BackchannelHttpHandler = recorder;
        });

        builder.Services.AddSingleton<RecordingBackChannelHandler>();
        builder.Services.AddSingleton<INetIdentityBackChannelHandler>(provider => provider.GetRequiredService<RecordingBackChannelHandler>());
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.MapNetIdentityEvents("/events");
        app.MapGet("/login", (HttpContext context) => context.ChallengeAsync(new AuthenticationProperties { RedirectUri = "/me" }));
        app.MapGet("/me", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            if (!result.Succeeded)
            {
                return Results.Unauthorized();
            }

            return Results.Json(new Dictionary<string, object?>
            {
                ["claims"] = result.Principal!.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value),
                ["access_token"] = result.Properties!.GetTokenValue("access_token"),
                ["token_type"] = result.Properties.GetTokenValue("token_type"),
            });
        });
        await app.StartAsync();

        var server = app.GetTestServer();
        var browser = new HttpClient(new CookieContainerHandler(new CookieContainer()) { InnerHandler = server.CreateHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        return new SdkPlatform(app, recorder, browser);
    }

    /// <summary>
    /// A whole login as <c>adult</c>: the platform's challenge (and its pushed request), the
    /// broker's pages, the mock's approval, the callback; returns the callback's answer.
    /// </summary>
    public async Task<HttpResponseMessage> LoginAsync(LoginDriver driver, Infrastructure.MockAuthority mock)
    {
        using var challenge = await Browser.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(ProtocolAssert.Issuer + "connect/authorize", authorize.ToString(), StringComparison.Ordinal);

        var login = await driver.StartAsync(authorize.PathAndQuery);
        var bizSeq = await driver.ChooseNetIdAsync(login);
        await mock.ApproveAsync(bizSeq, "adult");
        var landing = await driver.FinishAsync(login);
        Assert.Equal(Browser.BaseAddress!.Host, landing.Host);
        return await Browser.GetAsync(new Uri(landing.PathAndQuery, UriKind.Relative));
    }

    /// <summary>What <c>/me</c> shows after a login.</summary>
    public async Task<JsonElement> MeAsync()
    {
        using var response = await Browser.GetAsync(new Uri("/me", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/me answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// Records what the SDK hands the platform. It implements only the two methods every handler must:
/// session-revoked and verification events take the interface's default behaviour.
/// </summary>
internal sealed class RecordingBackChannelHandler : INetIdentityBackChannelHandler
{
    public ConcurrentQueue<NetIdentityConsentWithdrawal> Withdrawals { get; } = new();

    public ConcurrentQueue<NetIdentityLogout> Logouts { get; } = new();

    public Task OnConsentWithdrawnAsync(NetIdentityConsentWithdrawal withdrawal, CancellationToken cancellationToken)
    {
        Withdrawals.Enqueue(withdrawal);
        return Task.CompletedTask;
    }

    public Task OnLoggedOutAsync(NetIdentityLogout logout, CancellationToken cancellationToken)
    {
        Logouts.Enqueue(logout);
        return Task.CompletedTask;
    }
}

/// <summary>One back-channel exchange: what the platform sent and what the broker answered.</summary>
internal sealed record Exchange(HttpMethod Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, HttpStatusCode Status, string Answer);

/// <summary>Notes every back-channel exchange; <see cref="Tamper"/> may change an answer before the client sees it.</summary>
internal sealed class Recorder : DelegatingHandler
{
    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    public Action<HttpRequestMessage, HttpResponseMessage>? Tamper { get; set; }

    public IReadOnlyList<Exchange> To(string path) => [.. Exchanges.Where(e => e.Path == path)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        Tamper?.Invoke(request, response);
        Exchanges.Enqueue(new(request.Method, request.RequestUri!.AbsolutePath, headers, body, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
        return response;
    }
}
