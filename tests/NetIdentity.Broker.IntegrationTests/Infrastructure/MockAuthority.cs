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

    public async Task ApproveAsync(string bizSeq, string persona, string? password = null, string? face = null)
    {
        using var response = await Tester.PostAsJsonAsync($"tester/sessions/{bizSeq}/approve", new { persona, password, face });
        await EnsureAsync(response);
    }

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
