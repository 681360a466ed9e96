using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Keys;
using NetIdentity.Core.Disclosure;
using NetIdentity.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>The OpenIddict server as NetIdentity uses it: code flow only, strict, pairwise.</summary>
public static class OidcServerRegistration
{
    public const string AuthorizationPath = "connect/authorize";
    public const string PushedAuthorizationPath = "connect/par";
    public const string TokenPath = "connect/token";
    public const string UserInfoPath = "connect/userinfo";
    public const string RevocationPath = "connect/revoke";
    public const string IntrospectionPath = "connect/introspect";
    public const string EndSessionPath = "connect/endsession";

    /// <summary>How long an authorization code lives (FAPI 2.0 §5.3.2.1: at most 60 s).</summary>
    public static readonly TimeSpan AuthorizationCodeLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long a used refresh token may be used again, for a platform that lost the response.</summary>
    public static readonly TimeSpan RefreshTokenReuseGrace = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddBrokerOidcServer(this IServiceCollection services)
    {
        services.TryAddSingleton<VerifiedClientSecrets>();
        services.TryAddSingleton<PlatformRegistrationCopies>();
        services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<BrokerDbContext>();

                // PBKDF2 of a client secret once per few minutes, not on every token request (issue 10).
                options.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, BrokerApplicationManager>();
            })
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris(AuthorizationPath)
                    .SetPushedAuthorizationEndpointUris(PushedAuthorizationPath)
                    .SetTokenEndpointUris(TokenPath)
                    .SetUserInfoEndpointUris(UserInfoPath)
                    .SetRevocationEndpointUris(RevocationPath)
                    .SetIntrospectionEndpointUris(IntrospectionPath)
                    .SetEndSessionEndpointUris(EndSessionPath);

                // Code flow only (OAuth 2.0 Security BCP, RFC 9700 §2.1.2): no implicit, hybrid or password grants.
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();

                // Client credentials only for a platform's own SSF stream (scope ssf.manage, issue 12 §1):
                // the token names the platform, never a person (Ssf/ClientCredentialsGrant).
                options.AllowClientCredentialsFlow();

                // PKCE for every client, S256 only (RFC 9700 §2.1.1; RFC 7636 §4.2 "plain" refused).
                options.RequireProofKeyForCodeExchange();
                options.Configure(o =>
                {
                    o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    o.SubjectTypes.Clear();
                    o.SubjectTypes.Add(SubjectTypes.Pairwise);
                    o.ResponseTypes.Clear();
                    o.ResponseTypes.Add(ResponseTypes.Code);
                });

                options.RegisterScopes([.. BrokerScopes.All, Ssf.SharedSignals.ManageScope]);
                options.RegisterClaims(
                    ClaimRelease.Subject,
                    ClaimRelease.AuthenticationTime,
                    ClaimRelease.AuthenticationContext,
                    ClaimRelease.Result,
                    ClaimRelease.VerifiedAt,
                    ClaimRelease.AgeBand,
                    ClaimRelease.Minor,
                    ClaimRelease.AgeOver14,
                    ClaimRelease.AgeOver18,
                    ClaimRelease.GuardianSubject,
                    ClaimRelease.GuardianConsentedAt,
                    ClaimRelease.MaskedName,
                    ClaimRelease.MaskedIdNumber,
                    ClaimRelease.Name,
                    ClaimRelease.IdType,
                    ClaimRelease.IdNumber,
                    ClaimRelease.ConsentReceipts,
                    VerifiedClaims.ClaimType);

                // Short-lived codes and tokens: the platform gets a verification, not a session.
                // Codes live 60 s at most (FAPI 2.0 §5.3.2.1, for every platform).
                options.SetAuthorizationCodeLifetime(AuthorizationCodeLifetime)
                    .SetAccessTokenLifetime(TimeSpan.FromMinutes(10))
                    .SetIdentityTokenLifetime(TimeSpan.FromMinutes(5))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(1))

                    // Rotation with a short grace (RFC 9700 §4.14.2; OAuth 2.1 §4.3.1): a refresh
                    // token works once, but a platform that lost the response (a timeout, a crash
                    // before it stored the new token) may retry with the old one within
                    // RefreshTokenReuseGrace and get a new pair. After the grace a reuse is treated
                    // as theft and revokes the whole grant. The trade: a thief who races the
                    // platform within those seconds also gets a pair, which DPoP makes useless
                    // without the platform's key (docs/threat-model.md).
                    .SetRefreshTokenReuseLeeway(RefreshTokenReuseGrace);

                // A pushed request token must outlive the login it starts (the pages return to the
                // authorization URL after the person verified, up to Broker:LoginLifetime);
                // PushedRequestUse limits when it may *start* a login to 60 s, and to once.
                options.Configure(o => o.RequestTokenLifetime = TimeSpan.FromMinutes(30));

                options.AddEventHandler(AttachDiscoveryMetadata.Descriptor);
                options.AddEventHandler(AttachBackChannelLogoutMetadata.Descriptor);
                options.AddEventHandler(UseActiveTokenKeys.Descriptor);
                options.AddEventHandler(SkipIdentityTokenEntries.Descriptor);
                options.AddEventHandler(InsertTokenEntryOnce.Reserve.Descriptor);
                options.AddEventHandler(InsertTokenEntryOnce.Insert.Descriptor);
                options.AddEventHandler(JwksCacheControl.Descriptor);
                options.AddEventHandler(AttachKeyArchiveMetadata.Descriptor);
                options.AddEventHandler(RequireLegalBasisForIdentity.Descriptor);
                options.AddEventHandler(RequireOpenIdScope.Descriptor);
                options.AddEventHandler(RequireOpenIdScope.PushedDescriptor);
                options.AddEventHandler(ValidateClaimsParameter.Descriptor);
                options.AddEventHandler(ValidateClaimsParameter.PushedDescriptor);
                options.AddEventHandler(AttachIdentityAssuranceMetadata.Descriptor);
                options.AddEventHandler(AttachIdentityAssuranceMetadata.ResponseDescriptor);
                options.AddEventHandler(RedirectAuthorizationErrors.Descriptor);
                options.AddEventHandler(Ssf.ClientCredentialsGrant.Descriptor);
                options.AddBrokerFapi();

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });

        // OpenIddict's dispatcher, with an index of each event's handlers (issue 10): the same
        // handlers run in the same order, without a scan of all of them on every event.
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>());

        // A platform's row read once a minute, not on every request (issue 10; PlatformRegistrationCache).
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>, PlatformRegistrationCache>());

        // The issuer and the HTTPS requirement come from BrokerOptions, bound and validated once
        // (Broker:Issuer, Broker:RequireHttps), whatever configured them.
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<BrokerOptions>>((server, broker) =>
        {
            if (broker.Value.Issuer is { } issuer)
            {
                server.Issuer = issuer;
            }
        });
        services.AddOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>().Configure<IOptions<BrokerOptions>>(
            (aspNetCore, broker) => aspNetCore.DisableTransportSecurityRequirement = !broker.Value.RequireHttps);

        // Keys come from the store (KeyRing), loaded before the host serves its first request, and
        // given again whenever the published set changes (KeyRingChangeTokenSource).
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ConfigureTokenKeys>();
        return services;
    }

    /// <summary>
    /// Gives OpenIddict every published key: the active one first, the next (so it is in JWKS
    /// before it signs) and the retired ones still within their retention (so what they signed or
    /// encrypted still validates). Registered after AddServer, so the token lifetimes are set when
    /// the retention is read from them. Which key signs is decided per token (UseActiveTokenKeys).
    /// </summary>
    private sealed class ConfigureTokenKeys(KeyRing ring, TimeProvider time) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var now = time.GetUtcNow();
            var retention = KeyRetention.Of(options);
            var keys = ring.Current;
            options.SigningCredentials.AddRange(KeySet.Published(keys.Signing, now, retention)
                .Select(k => new SigningCredentials(k.Key, TokenKeyFactory.SigningAlgorithm)));
            options.EncryptionCredentials.AddRange(KeySet.Published(keys.Encryption, now, retention)
                .Select(k => KeyRing.Encrypting(k.Key!)));
        }
    }
}
