using System.Net;
using System.Net.Sockets;

namespace NetIdentity.Sandbox;

/// <summary>Checks, before anything starts, that each port is free on 127.0.0.1.</summary>
internal static class Ports
{
    /// <summary>Null when every port is free; otherwise which is taken and how to get round it.</summary>
    public static string? FindTaken(IEnumerable<ChildSpec> children)
    {
        foreach (var child in children)
        {
            var listener = new TcpListener(IPAddress.Loopback, child.Port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                var option = child.Name switch { "mock" => "--mock-port", "broker" => "--broker-port", _ => "--platform-port" };
                return $"Port {child.Port} on 127.0.0.1, for the {child.Title}, is already in use. Stop what uses it " +
                    $"(ss -ltnp 'sport = :{child.Port}' shows it; perhaps a sandbox is already running), or choose another port with {option} N.";
            }
            finally
            {
                listener.Stop();
            }
        }

        return null;
    }
}
