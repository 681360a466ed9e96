using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Who the client is, for per-address limits: the address behind the documented load balancer,
/// believed only from configured trusted proxies (<see cref="BrokerOptions.TrustedProxies"/>),
/// and an IPv6 client counted per /64, the smallest prefix a home or mobile network is given
/// (RFC 6177): one subscriber can pick any of 2^64 addresses, so per-address would mean no limit.
/// </summary>
public static class ClientAddresses
{
    /// <summary>The partition key of <paramref name="address"/>: an IPv4 address, or an IPv6 /64 prefix.</summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Parses one <c>Broker:TrustedProxies</c> entry: an address (<c>192.0.2.10</c>) or a CIDR network (<c>2001:db8::/48</c>).</summary>
    public static bool TryParseProxy(string? value, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    /// <summary>
    /// Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) from the trusted proxies only. With
    /// none configured the headers are ignored altogether: ASP.NET Core would otherwise trust
    /// every sender once its known lists are empty (as ASPNETCORE_FORWARDEDHEADERS_ENABLED does).
    /// </summary>
    public static void Apply(ForwardedHeadersOptions options, IEnumerable<string> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trustedProxies)
        {
            if (TryParseProxy(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }

        options.ForwardedHeaders = options.KnownIPNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

        // Each hop is believed only while the sender is a trusted proxy; the first untrusted hop
        // from the right is the client, however long the chain.
        options.ForwardLimit = null;
    }
}
