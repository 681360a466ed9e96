using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NetIdentity.Client;

/// <summary>
/// Refuses to start with settings that cannot work or are unsafe, and says how to fix each one.
/// Runs at start-up (<c>ValidateOnStart</c>) and whenever the options are rebuilt.
/// </summary>
internal sealed partial class NetIdentityOptionsValidator : IValidateOptions<NetIdentityOptions>
{
    private const string Section = NetIdentityOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NetIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateAuthority(options.Authority, failures);

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Section}:ClientId is missing. Set it to the client id the broker's operator registered for this platform " +
                $"(the sandbox's demo platform is demo-forum), e.g. with the environment variable {Section}__ClientId.");
        }

        ValidateClientAuthentication(options, failures);

        if (options.AcrLevel is < NetIdentityDefaults.MinimumAcrLevel or > NetIdentityDefaults.MaximumAcrLevel)
        {
            failures.Add($"{Section}:AcrLevel is {options.AcrLevel}; it must be 1 (one possession factor), 2 (plus a password) " +
                "or 3 (plus a face check). See docs/claims.md, \"Assurance levels\".");
        }

        if (options.UiLocale is not null && !IsLocaleList(options.UiLocale))
        {
            failures.Add($"{Section}:UiLocale \"{options.UiLocale}\" is not a list of language tags. Use e.g. zh-CN or en " +
                "(several separated by spaces, most preferred first), or leave it unset for the broker's default.");
        }

        if (options.EventMaxAge < TimeSpan.FromMinutes(1) || options.EventMaxAge > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:EventMaxAge is {options.EventMaxAge}; it must be between 00:01:00 and 1.00:00:00. The broker signs each " +
                "delivery of an event afresh, so a few minutes is enough (default 00:10:00); see docs/events.md, \"SSF streams\".");
        }

        foreach (var scope in options.Scopes)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                failures.Add($"{Section}:Scopes contains \"{scope}\"; list one scope per entry, without spaces " +
                    "(openid and netid are always requested and need not be listed).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateClientAuthentication(NetIdentityOptions options, List<string> failures)
    {
        const string Fix = "(docs/platform-integration.md, \"FAPI 2.0 with NetIdentity.Client\")";
        var (_, keyProblem) = ClientKeys.TryAssertionCredentials(options);
        if (keyProblem is not null)
        {
            failures.Add(keyProblem);
        }

        if (options.Profile == NetIdentityProfile.Fapi2 && !options.HasClientAssertionKey)
        {
            failures.Add($"{Section}:Profile is Fapi2, which authenticates with private_key_jwt, but no client assertion key is set. " +
                $"Make one (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client-assertion.pem), register its " +
                $"public JWK as the platform's JsonWebKeySet, and set {Section}:ClientAssertionKeyPath and {Section}:ClientAssertionKeyId {Fix}.");
        }

        if (options.HasClientAssertionKey && !string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Section}:ClientSecret is set together with a client assertion key. A platform authenticates one way: " +
                "remove the secret (the broker registers either ClientSecret or JsonWebKeySet, never both).");
        }

        if (!options.HasClientAssertionKey && options.Profile != NetIdentityProfile.Fapi2 && string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Section}:ClientSecret is missing. Set it to the secret registered with the client id, from a secret store " +
                $"or the environment variable {Section}__ClientSecret; never commit it. Or authenticate with a key: " +
                $"{Section}:ClientAssertionKeyPath (private_key_jwt), best with {Section}:Profile Fapi2 {Fix}.");
        }

        if (options.DpopEnabled && (options.DpopKey is not null || !string.IsNullOrWhiteSpace(options.DpopKeyPath)))
        {
            var (key, dpopProblem) = ClientKeys.TryDpopKey(options);
            if (dpopProblem is not null)
            {
                failures.Add(dpopProblem);
            }
            else if (!ReferenceEquals(key, options.DpopKey))
            {
                key!.Dispose();
            }
        }
    }

    private static void ValidateAuthority(Uri? authority, List<string> failures)
    {
        const string Example = "the broker's base URL, e.g. https://netid.example.com (the sandbox broker is http://127.0.0.1:5100)";
        if (authority is null)
        {
            failures.Add($"{Section}:Authority is missing. Set it to {Example}, for instance with the environment variable {Section}__Authority.");
            return;
        }

        if (!authority.IsAbsoluteUri || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:Authority \"{authority}\" is not an absolute http(s) URL. Set it to {Example}.");
            return;
        }

        // Tokens and the client secret travel to the authority: only a loopback sandbox may use plain HTTP.
        if (authority.Scheme == Uri.UriSchemeHttp && !authority.IsLoopback)
        {
            failures.Add($"{Section}:Authority \"{authority}\" uses http. Use https; plain http is accepted only for a loopback " +
                "address (127.0.0.1, ::1, localhost), as in the local sandbox.");
        }

        if (!string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment) || !string.IsNullOrEmpty(authority.UserInfo))
        {
            failures.Add($"{Section}:Authority \"{authority}\" has a query, fragment or user name. Give only the issuer URL; " +
                "the client finds every endpoint through /.well-known/openid-configuration.");
        }
    }

    private static bool IsLocaleList(string value)
    {
        var tags = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tags.Length > 0 && tags.All(tag => LanguageTag().IsMatch(tag));
    }

    // BCP 47 in its common shape (language, then subtags): enough to catch typos like "zh_CN".
    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LanguageTag();
}
