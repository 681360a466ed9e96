using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// How long a retired key must still verify and decrypt: the longest lifetime of anything a key
/// protects (codes, access, identity and refresh tokens, request tokens), read from OpenIddict's
/// own settings so the two cannot drift. The same span serves signing keys (ID tokens and refresh
/// tokens are signed) and encryption keys (refresh tokens are encrypted).
/// </summary>
public sealed class KeyRetention(IOptionsMonitor<OpenIddictServerOptions> server)
{
    /// <summary>For tokens without a lifetime: keep the key (fail closed: never unpublish what may still be presented).</summary>
    public static readonly TimeSpan Unbounded = TimeSpan.MaxValue;

    public TimeSpan Current => Of(server.CurrentValue);

    public static TimeSpan Of(OpenIddictServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeSpan?[] lifetimes =
        [
            options.AuthorizationCodeLifetime,
            options.AccessTokenLifetime,
            options.IdentityTokenLifetime,
            options.RefreshTokenLifetime,
            options.RequestTokenLifetime,
        ];
        return lifetimes.Any(l => l is null) ? Unbounded : lifetimes.Max(l => l!.Value);
    }
}
