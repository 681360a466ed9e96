using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// OpenIddict's application manager with <see cref="VerifiedClientSecrets"/> in front of its
/// PBKDF2 check of a client secret; everything else is OpenIddict's.
/// </summary>
public sealed class BrokerApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    VerifiedClientSecrets verified)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    /// <inheritdoc />
    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        verified.IsMatchAsync(secret, comparand, () => base.ValidateClientSecretAsync(secret, comparand, cancellationToken));
}
