using Microsoft.Extensions.Options;
using NetIdentity.Broker.Oidc;

namespace NetIdentity.Broker.Platforms;

/// <summary>Refuses to start with a platform registration that would be unsafe or ambiguous.</summary>
internal sealed class PlatformCatalogValidator(IHostEnvironment environment) : IValidateOptions<PlatformCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformCatalogOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            var at = $"Platforms:{i} ({(string.IsNullOrEmpty(platform.ClientId) ? "no ClientId" : platform.ClientId)})";
            if (string.IsNullOrWhiteSpace(platform.ClientId))
            {
                failures.Add($"{at}: ClientId is required.");
            }
            else if (platform.ClientId == PlatformCatalog.Self.ClientId)
            {
                failures.Add($"{at}: ClientId '{PlatformCatalog.Self.ClientId}' is reserved for the broker's own pages.");
            }
            else if (!seen.Add(platform.ClientId))
            {
                failures.Add($"{at}: ClientId is declared twice.");
            }

            if (string.IsNullOrEmpty(platform.ClientSecret) == string.IsNullOrEmpty(platform.JsonWebKeySet))
            {
                failures.Add($"{at}: set exactly one of ClientSecret (client_secret_basic) or JsonWebKeySet (private_key_jwt).");
            }

            if (platform.ClientSecret is { Length: > 0 and < 32 })
            {
                failures.Add($"{at}: ClientSecret must be at least 32 characters of random text.");
            }

            if (platform.RedirectUris.Count == 0)
            {
                failures.Add($"{at}: at least one RedirectUris entry is required.");
            }

            foreach (var uri in platform.RedirectUris.Concat(platform.PostLogoutRedirectUris))
            {
                if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.Fragment) || !(uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback))
                {
                    failures.Add($"{at}: redirect URI '{uri}' must be absolute, without a fragment, and HTTPS unless on loopback.");
                }
            }

            if (platform.BackChannelEventUri is { } events
                && !(events.IsAbsoluteUri && string.IsNullOrEmpty(events.Fragment)
                    && (events.Scheme == Uri.UriSchemeHttps || (events.Scheme == Uri.UriSchemeHttp && events.IsLoopback))))
            {
                failures.Add($"{at}: BackChannelEventUri '{events}' must be an absolute URL without a fragment, HTTPS unless on loopback: signed events travel to it (RFC 8935).");
            }

            foreach (var push in platform.SsfPushEndpoints.Where(u => !(u.IsAbsoluteUri && string.IsNullOrEmpty(u.Fragment)
                && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback)))))
            {
                failures.Add($"{at}: SsfPushEndpoints entry '{push}' must be an absolute URL without a fragment, HTTPS unless on loopback: signed events travel to it (RFC 8935).");
            }

            ValidateBackChannelLogout(platform, at, environment.IsDevelopment(), failures);

            foreach (var scope in platform.Scopes.Where(s => !BrokerScopes.All.Contains(s)))
            {
                failures.Add($"{at}: unknown scope '{scope}'. Known scopes: {string.Join(", ", BrokerScopes.All)}.");
            }

            if (!platform.Scopes.Contains(BrokerScopes.OpenId) || !platform.Scopes.Contains(BrokerScopes.NetId))
            {
                failures.Add($"{at}: Scopes must include '{BrokerScopes.OpenId}' and '{BrokerScopes.NetId}'.");
            }

            if (platform.Scopes.Contains(Core.Consent.ConsentScopes.Identity) && !platform.HasLegalBasis)
            {
                failures.Add($"{at}: the scope 'netid.identity' needs LegalBasis and Retention, each with Zh and En (PIPL Art. 13, 29): only a platform obliged by law may receive plaintext identity.");
            }

            if (platform.Scopes.Any(s => Core.Consent.ConsentScopes.ItemOf(s) is not null)
                && (string.IsNullOrWhiteSpace(platform.Purpose.Zh) || string.IsNullOrWhiteSpace(platform.Purpose.En)))
            {
                failures.Add($"{at}: consent scopes need a Purpose with Zh and En: people are asked to consent to it (PIPL Art. 14, 17).");
            }

            if (platform.MinimumAssuranceLevel is < 1 or > 3)
            {
                failures.Add($"{at}: MinimumAssuranceLevel must be 1, 2 or 3.");
            }

            if (platform.PreferredMode is { Length: > 0 } mode && !Enum.TryParse<Core.Verification.VerificationMode>(mode, ignoreCase: false, out _))
            {
                failures.Add($"{at}: PreferredMode must be R01, R02, R03 or R04.");
            }

            if (string.IsNullOrWhiteSpace(platform.DisplayName.Zh) || string.IsNullOrWhiteSpace(platform.DisplayName.En))
            {
                failures.Add($"{at}: DisplayName needs both Zh and En: people see it when they verify.");
            }

            if (!environment.IsDevelopment())
            {
                RefuseDevelopmentMaterial(platform, at, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The back-channel logout URI (OpenID Connect Back-Channel Logout 1.0 §2.2): absolute, without
    /// a fragment; HTTPS, except plain HTTP on loopback in Development (the sandbox), because the
    /// logout token is a bearer of the person's pairwise subject. Session required needs the URI.
    /// </summary>
    private static void ValidateBackChannelLogout(PlatformOptions platform, string at, bool development, List<string> failures)
    {
        if (platform.BackChannelLogoutUri is { } logout
            && !(logout.IsAbsoluteUri && string.IsNullOrEmpty(logout.Fragment)
                && (logout.Scheme == Uri.UriSchemeHttps || (development && logout.Scheme == Uri.UriSchemeHttp && logout.IsLoopback))))
        {
            failures.Add(
                $"{at}: BackChannelLogoutUri '{logout}' must be an absolute HTTPS URL without a fragment (OpenID Connect Back-Channel Logout 1.0 §2.2); " +
                "plain HTTP is accepted only on loopback in Development.");
        }

        if (platform.BackChannelLogoutSessionRequired && platform.BackChannelLogoutUri is null)
        {
            failures.Add($"{at}: BackChannelLogoutSessionRequired needs a BackChannelLogoutUri to send the logout tokens to.");
        }
    }

    /// <summary>
    /// Outside Development (issue 9 §4): no secret published in this repository, and plain HTTP
    /// only for a native app's loopback redirect, written as an IP literal (RFC 8252 §7.3, §8.3:
    /// "localhost" may resolve elsewhere).
    /// </summary>
    private static void RefuseDevelopmentMaterial(PlatformOptions platform, string at, List<string> failures)
    {
        if (Hosting.DevelopmentMaterial.PublishedSecrets.Contains(platform.ClientSecret, StringComparer.Ordinal))
        {
            failures.Add($"{at}: ClientSecret is a sandbox secret published in this repository; set a secret of your own (openssl rand -base64 32), or use JsonWebKeySet.");
        }

        foreach (var uri in platform.RedirectUris.Concat(platform.PostLogoutRedirectUris))
        {
            if (uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttp && uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
            {
                failures.Add($"{at}: redirect URI '{uri}' is plain HTTP; outside Development only a native app's loopback IP literal (http://127.0.0.1 or http://[::1], RFC 8252 §7.3) may be.");
            }
        }
    }
}
