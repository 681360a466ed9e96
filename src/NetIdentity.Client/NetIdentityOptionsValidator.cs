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

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Section}:ClientSecret is missing. Set it to the secret registered with the client id, from a secret store " +
                $"or the environment variable {Section}__ClientSecret; never commit it.");
        }

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
