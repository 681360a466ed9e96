using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// The in-memory test server has no TCP peer. This sets the connection's remote address from the
/// test-only header <c>X-Test-Peer</c>, before anything of the broker runs, so a test can speak as
/// a client or as a load balancer at a given address (documentation ranges only: RFC 5737, 3849).
/// </summary>
internal sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, TestPeer>();

    /// <summary>A browser whose requests come from <paramref name="peer"/>, with <paramref name="forwardedFor"/> if given.</summary>
    public static HttpClient Browser(BrokerHost broker, string peer, string? forwardedFor = null)
    {
        var browser = broker.CreateBrowser();
        browser.DefaultRequestHeaders.Add(Header, peer);
        if (forwardedFor is not null)
        {
            browser.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return browser;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return following(context);
        });
        next(app);
    };
}
