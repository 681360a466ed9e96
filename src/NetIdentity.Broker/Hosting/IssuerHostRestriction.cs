using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Outside Development, requests are answered only for the issuer's host (issue 9 §4): ASP.NET
/// Core's host filtering, with <c>AllowedHosts: "*"</c> narrowed to the host of
/// <c>Broker:Issuer</c>. Hosts an operator lists explicitly (an internal name the load balancer's
/// health probe uses) stay allowed beside it. A request with another Host header gets 400 before
/// any endpoint runs, so no link, redirect or page is ever built from an attacker's Host.
/// </summary>
internal static class IssuerHostRestriction
{
    public static IServiceCollection RestrictHostsToIssuer(this IServiceCollection services, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return services;
        }

        services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<BrokerOptions>>((hosts, broker) =>
        {
            // A missing issuer is refused by BrokerOptionsValidator; until then, answer nobody.
            var issuerHost = broker.Value.Issuer is { IsAbsoluteUri: true } issuer ? issuer.IdnHost : null;
            var listed = hosts.AllowedHosts.Where(h => h is { Length: > 0 } && h != "*").ToList();
            hosts.AllowedHosts = [.. listed.Append(issuerHost ?? "issuer.invalid").Distinct(StringComparer.OrdinalIgnoreCase)];
            hosts.AllowEmptyHosts = false;
        });
        return services;
    }
}
