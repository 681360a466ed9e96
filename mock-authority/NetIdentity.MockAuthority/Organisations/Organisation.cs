using NetIdentity.Cryptography;

namespace NetIdentity.MockAuthority.Organisations;

/// <summary>An organisation registered with the authority out of band (contract §1), with its entitlements.</summary>
internal sealed record Organisation(
    string OrgId,
    string DisplayName,
    IReadOnlySet<string> AppIds,
    Sm2PublicKey PublicKey,
    IReadOnlySet<string> AllowedAttributes,
    bool PlaintextEntitled)
{
    /// <summary>The attributes a credential can carry (contract §3).</summary>
    public static readonly IReadOnlySet<string> KnownAttributes = new HashSet<string>(StringComparer.Ordinal) { "ageBand", "gender" };
}
