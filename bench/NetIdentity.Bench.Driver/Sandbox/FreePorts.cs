using System.Net;
using System.Net.Sockets;

namespace NetIdentity.Bench.Driver.Sandbox;

/// <summary>
/// Loopback ports for the processes and listeners a run starts. The one home of this helper:
/// the bench uses it, the scale-out tests through their reference to the bench driver, and the
/// other test projects that start processes compile this file in (a linked
/// <c>&lt;Compile Include="…/FreePorts.cs" Link="…"/&gt;</c>), since no test project may be
/// referenced by the bench.
/// </summary>
internal static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports that were free a moment ago (all held at once, so no
    /// two are equal). Another process may take one before it is used; a caller that starts a
    /// server on it retries on "address already in use".
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    /// <summary>One port that was free a moment ago.</summary>
    public static int One() => Take(1)[0];
}
