using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Hosting;

/// <summary>Refuses to start with unsafe broker settings, saying how to fix them.</summary>
internal sealed class BrokerOptionsValidator(IHostEnvironment environment) : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var failures = new List<string>();
        var key = Decode(options.PairwiseSubjectKey);
        if (key is null || key.Length < Core.Subjects.PairwiseSubjects.MinimumKeyBytes)
        {
            failures.Add("Broker:PairwiseSubjectKey must be at least 32 random bytes in base64 (openssl rand -base64 32).");
        }
        else if (options.PairwiseSubjectKey == BrokerOptions.DevelopmentPairwiseSubjectKey && !environment.IsDevelopment())
        {
            failures.Add("Broker:PairwiseSubjectKey is the published development key; set a secret key outside Development (openssl rand -base64 32).");
        }

        if (!options.RequireHttps && !environment.IsDevelopment())
        {
            failures.Add("Broker:RequireHttps may be false only in Development (the loopback sandbox).");
        }

        if (options.Issuer is { IsAbsoluteUri: false })
        {
            failures.Add("Broker:Issuer must be an absolute URL.");
        }
        else if (!environment.IsDevelopment() && options.Issuer is null)
        {
            // Without it the issuer would come from each request's Host header (issue 9 §4).
            failures.Add("Broker:Issuer is required outside Development, e.g. https://id.example.com/: the issuer must never come from a request's Host header.");
        }
        else if (!environment.IsDevelopment() && options.Issuer is { } issuer
            && (issuer.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment)))
        {
            failures.Add("Broker:Issuer must be an HTTPS URL without query or fragment outside Development (OpenID Connect Discovery 1.0 §3).");
        }

        foreach (var proxy in options.TrustedProxies)
        {
            if (!ClientAddresses.TryParseProxy(proxy, out _))
            {
                failures.Add($"Broker:TrustedProxies: '{proxy}' is neither an IP address nor a CIDR network (e.g. 192.0.2.10 or 2001:db8::/48).");
            }
        }

        if (options.LoginLifetime < TimeSpan.FromMinutes(3))
        {
            failures.Add("Broker:LoginLifetime must leave the person at least 3 minutes (the app waits up to 120 s).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static byte[]? Decode(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
