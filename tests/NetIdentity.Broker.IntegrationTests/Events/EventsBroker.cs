using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// A real broker for the back-channel tests: its SQLite database, a short outbox poll, and two
/// platforms besides the usual ones: <see cref="Listening"/>, with a security event endpoint, and
/// <see cref="Quiet"/>, without one. It never logs anyone in, so no authority is needed.
/// </summary>
internal static class EventsBroker
{
    public static readonly TestPlatform Listening = new("platform-events", "platform-events-secret-0123456789abcdef", "https://events.example/callback", "events.example");
    public static readonly TestPlatform Quiet = new("platform-quiet", "platform-quiet-secret-0123456789abcdefg", "https://quiet.example/callback", "quiet.example");

    /// <summary>The issuer the broker's tokens carry under the test server.</summary>
    public static readonly Uri Issuer = new("http://localhost/");

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Nothing listens here: these tests never reach the authority.</summary>
    private static readonly Uri NoAuthority = new("http://127.0.0.1:9/");

    public static BrokerHost Start(Uri endpoint, string? databaseDirectory = null, TimeProvider? clock = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(
        [
            .. Listening.Settings(7, extra: new Dictionary<string, string> { ["BackChannelEventUri"] = endpoint.AbsoluteUri }),
            .. Quiet.Settings(8),
        ])
        {
            ["Broker:OutboxPollInterval"] = PollInterval.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new BrokerHost(
            NoAuthority,
            settings,
            clock is null ? null : services => services.AddSingleton(clock),
            databaseDirectory);
        _ = host.Server; // start now: migrations, keys, the dispatcher
        return host;
    }

    public static PlatformOptions Platform(this BrokerHost host, TestPlatform platform) =>
        host.Services.GetRequiredService<PlatformCatalog>().Find(platform.ClientId)!;

    /// <summary>Queues a consent-withdrawn event as the withdrawal would.</summary>
    public static async Task<string?> WithdrawAsync(this BrokerHost host, TestPlatform platform, string subject, IReadOnlyList<string> scopes, string consentId)
    {
        var notifier = host.Services.GetRequiredService<IBackChannelNotifier>();
        return await notifier.NotifyConsentWithdrawnAsync(host.Platform(platform), Issuer, subject, scopes, consentId, TestContext.Current.CancellationToken);
    }

    public static async Task<OutboxMessage> OutboxMessageAsync(this BrokerHost host, string id) =>
        (await host.Services.GetRequiredService<IEventOutbox>().FindAsync(id, TestContext.Current.CancellationToken))!;

    /// <summary>Polls the outbox (bounded) until <paramref name="until"/> holds for the message; returns it.</summary>
    public static async Task<OutboxMessage> WaitForAsync(this BrokerHost host, string id, Func<OutboxMessage, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var message = await host.OutboxMessageAsync(id);
        while (!until(message) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            message = await host.OutboxMessageAsync(id);
        }

        return message;
    }
}
