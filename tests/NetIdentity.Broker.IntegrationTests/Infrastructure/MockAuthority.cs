using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.MockAuthority;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>The real mock authority on Kestrel, 127.0.0.1, a free port; with its tester API.</summary>
internal sealed class MockAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _matchCodes = new(StringComparer.Ordinal);

    private MockAuthority(WebApplication app, ManualClock clock)
    {
        _app = app;
        Clock = clock;
        Address = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        Tester = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ManualClock Clock { get; }

    public Uri Address { get; }

    public HttpClient Tester { get; }

    public static async Task<MockAuthority> StartAsync()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var app = MockAuthorityApp.Create(
            ["--environment", "Development", "--urls", "http://127.0.0.1:0", "--MockAuthority:SlowDelayMs=300"],
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddLogging(builder => builder.ClearProviders());
            },
            RepositoryPaths.MockAuthorityOutput);
        await app.StartAsync();
        return new MockAuthority(app, clock);
    }

    /// <summary>Remembers the matching number a browser showed for <paramref name="bizSeq"/>, as the person would.</summary>
    public void RememberMatchCode(string bizSeq, string matchCode) => _matchCodes[bizSeq] = matchCode;

    /// <summary>The matching number the broker's page showed for <paramref name="bizSeq"/>.</summary>
    public string MatchCodeFor(string bizSeq) =>
        _matchCodes.TryGetValue(bizSeq, out var code) ? code : throw new InvalidOperationException("No browser showed a matching number for this session.");

    /// <summary>Approves as <paramref name="persona"/>, picking the number the browser showed (number matching).</summary>
    public async Task ApproveAsync(string bizSeq, string persona, string? password = null, string? face = null)
    {
        using var response = await ApproveRawAsync(bizSeq, persona, MatchCodeFor(bizSeq), password: password, face: face);
        await EnsureAsync(response);
    }

    /// <summary>The tester API's approve call with every v2 choice; the caller reads the answer.</summary>
    public Task<HttpResponseMessage> ApproveRawAsync(
        string bizSeq, string persona, string matchCode, string? identity = null, string? channel = null, string? password = null, string? face = null) =>
        Tester.PostAsJsonAsync($"tester/sessions/{bizSeq}/approve", new { persona, password, face, matchCode, identity, channel });

    public async Task DenyAsync(string bizSeq)
    {
        using var response = await Tester.PostAsync($"tester/sessions/{bizSeq}/deny", null);
        await EnsureAsync(response);
    }

    public async Task SetFaultsAsync(bool outage, int delayMs)
    {
        using var response = await Tester.PostAsJsonAsync("tester/faults", new { outage, delayMs });
        await EnsureAsync(response);
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Tester.DeleteAsync("tester/faults");
        await EnsureAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Tester.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Tester API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
