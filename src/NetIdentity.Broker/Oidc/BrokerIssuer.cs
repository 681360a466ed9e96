using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The issuer URL, as OpenIddict derives it: the configured one, else the request's base. Only in
/// Development may it be missing (BrokerOptionsValidator): elsewhere it never comes from a Host header.
/// </summary>
public sealed class BrokerIssuer(IOptions<BrokerOptions> options)
{
    public Uri For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.Issuer is { } issuer)
        {
            return issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
        }

        var request = context.Request;
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }
}
