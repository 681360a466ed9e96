using System.Collections.Concurrent;
using System.Net;
using System.Text;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// A platform's security event endpoint (RFC 8935) on 127.0.0.1: answers every push with 202 and
/// keeps each SET as received, so a test can count how often one event arrived.
/// </summary>
internal sealed class EventReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<string> received = new();
    private readonly Task loop;

    public EventReceiver()
    {
        var port = FreePorts.One();
        Endpoint = new Uri($"http://127.0.0.1:{port}/events/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>The SETs received, compact JWS, in order of arrival (a redelivery appears twice).</summary>
    public IReadOnlyList<string> Received => [.. received];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under a pending accept.
        }
    }

    private async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                received.Enqueue(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = (int)HttpStatusCode.Accepted;
            context.Response.Close();
        }
    }
}
