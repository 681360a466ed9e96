using System.Collections.Concurrent;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// Sits between the bench's login driver and the network: notes which instance answered each
/// request through the balancer (HAProxy's <c>X-NetIdentity-Instance</c>), and lets a test act
/// between two steps of a login (<see cref="OnServed"/>), e.g. kill the instance that served
/// the last one.
/// </summary>
internal sealed class InstanceTracker(Uri balancer) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
{
    private readonly List<(string Path, string Instance)> served = [];

    /// <summary>The answers of the login this flow of execution is running, if it asked for them (<see cref="Follow"/>).</summary>
    private readonly AsyncLocal<ConcurrentQueue<(string Path, string Instance)>?> followed = new();

    /// <summary>Called after each answer from the balancer, with the path and query asked and the instance that answered.</summary>
    public Action<string, string>? OnServed { get; set; }

    public IReadOnlyList<(string Path, string Instance)> Served
    {
        get
        {
            lock (served)
            {
                return [.. served];
            }
        }
    }

    /// <summary>
    /// From here on, in the calling flow of execution only (an async-local), notes each answer in
    /// the list returned, so that a test can tell which instance answered a step of one login
    /// among several running at once.
    /// </summary>
    public IReadOnlyCollection<(string Path, string Instance)> Follow()
    {
        var answers = new ConcurrentQueue<(string Path, string Instance)>();
        followed.Value = answers;
        return answers;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var toBroker = request.RequestUri is { } uri && uri.GetLeftPart(UriPartial.Authority) == balancer.GetLeftPart(UriPartial.Authority);
        var response = await base.SendAsync(request, cancellationToken);
        if (toBroker)
        {
            var instance = response.Headers.TryGetValues("X-NetIdentity-Instance", out var values) ? values.Single() : "(none)";
            lock (served)
            {
                served.Add((request.RequestUri!.PathAndQuery, instance));
            }

            followed.Value?.Enqueue((request.RequestUri!.PathAndQuery, instance));

            OnServed?.Invoke(request.RequestUri!.PathAndQuery, instance);
        }

        return response;
    }
}
