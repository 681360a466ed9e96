using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Oidc;

/// <summary>The scopes of the claims contract (docs/claims.md).</summary>
public static class BrokerScopes
{
    public const string OpenId = "openid";

    /// <summary>The default release: the verification result and its time.</summary>
    public const string NetId = "netid";

    /// <summary>Refresh tokens (OIDC Core §11).</summary>
    public const string OfflineAccess = "offline_access";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        OpenId, NetId, OfflineAccess, ConsentScopes.Age, ConsentScopes.AgeOver14, ConsentScopes.AgeOver18, ConsentScopes.Masked, ConsentScopes.Identity,
    };
}
