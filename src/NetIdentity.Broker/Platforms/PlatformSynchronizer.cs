using System.Globalization;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Oidc;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Platforms;

/// <summary>
/// Makes the OpenIddict application store match the declared platforms at start-up: creates
/// and updates each, removes any that configuration no longer declares. Configuration is the
/// single source of truth for who may ask NetIdentity to verify people.
/// </summary>
public sealed partial class PlatformSynchronizer(
    IOpenIddictApplicationManager applications,
    PlatformCatalog catalog,
    ILogger<PlatformSynchronizer> logger)
{
    public async Task SynchronizeAsync(CancellationToken cancellationToken)
    {
        foreach (var platform in catalog.All)
        {
            var descriptor = Describe(platform);
            var existing = await applications.FindByClientIdAsync(platform.ClientId, cancellationToken);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
                Log.PlatformSynchronized(logger, platform.ClientId, "registered");
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
                Log.PlatformSynchronized(logger, platform.ClientId, "updated");
            }
        }

        var stale = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (catalog.Find(await applications.GetClientIdAsync(application, cancellationToken)) is null)
            {
                stale.Add(application);
            }
        }

        foreach (var application in stale)
        {
            Log.PlatformSynchronized(logger, await applications.GetClientIdAsync(application, cancellationToken) ?? "-", "removed");
            await applications.DeleteAsync(application, cancellationToken);
        }
    }

    internal static OpenIddictApplicationDescriptor Describe(PlatformOptions platform)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = platform.ClientId,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = platform.DisplayName.En,
        };
        descriptor.DisplayNames[CultureInfo.GetCultureInfo("zh-CN")] = platform.DisplayName.Zh;
        descriptor.DisplayNames[CultureInfo.GetCultureInfo("en")] = platform.DisplayName.En;

        if (!string.IsNullOrEmpty(platform.ClientSecret))
        {
            descriptor.ClientSecret = platform.ClientSecret;
        }
        else
        {
            descriptor.JsonWebKeySet = JsonWebKeySet.Create(platform.JsonWebKeySet);
        }

        foreach (var uri in platform.RedirectUris)
        {
            descriptor.RedirectUris.Add(uri);
        }

        foreach (var uri in platform.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(uri);
        }

        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.PushedAuthorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.Endpoints.Introspection,
            Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code,

            // Every platform may manage and poll its own SSF stream (docs/events.md, "SSF streams").
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + Ssf.SharedSignals.ManageScope,
        ]);
        if (platform.Scopes.Contains(BrokerScopes.OfflineAccess))
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        }

        foreach (var scope in platform.Scopes.Where(s => s != BrokerScopes.OpenId))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        if (platform.RequiresPushedAuthorization)
        {
            descriptor.Requirements.Add(Requirements.Features.PushedAuthorizationRequests);
        }

        return descriptor;
    }
}
