using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>A request the receiver got: what a platform's push endpoint sees (RFC 8935 §2).</summary>
internal sealed record ReceivedPush(string Method, string? ContentType, string Accept, string Body, DateTimeOffset At, int AnsweredWith, string? Authorization = null);

/// <summary>
/// A platform's security event endpoint for the tests: a tiny Kestrel app on 127.0.0.1 that
/// records every request and answers with <see cref="Status"/> (202 unless told otherwise). It
/// can be stopped, so the port refuses connections, and started again on the same port.
/// </summary>
internal sealed class EventReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedPush> _requests = new();
    private readonly TimeProvider _clock;
    private WebApplication? _app;

    private EventReceiver(int port, TimeProvider clock)
    {
        Port = port;
        _clock = clock;
    }

    public int Port { get; }

    /// <summary>Where the broker pushes: <c>http://127.0.0.1:{port}/events</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/events");

    /// <summary>The status the next requests are answered with.</summary>
    public int Status { get; set; } = StatusCodes.Status202Accepted;

    /// <summary>How long the receiver takes before it answers (a slow platform).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public IReadOnlyCollection<ReceivedPush> Requests => _requests;

    public bool IsRunning => _app is not null;

    /// <summary>A receiver on a free port, running.</summary>
    public static async Task<EventReceiver> StartAsync(TimeProvider? clock = null)
    {
        var receiver = new EventReceiver(FreePort(), clock ?? TimeProvider.System);
        await receiver.StartAsync();
        return receiver;
    }

    /// <summary>A receiver on a free port that is not listening yet: connections are refused.</summary>
    public static EventReceiver Stopped(TimeProvider? clock = null) => new(FreePort(), clock ?? TimeProvider.System);

    public async Task StartAsync()
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            var status = Status;
            _requests.Enqueue(new ReceivedPush(
                context.Request.Method, context.Request.ContentType, context.Request.Headers.Accept.ToString(), body, _clock.GetUtcNow(), status,
                context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString()));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests arrived; false on timeout.</summary>
    public async Task<bool> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return _requests.Count >= count;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
