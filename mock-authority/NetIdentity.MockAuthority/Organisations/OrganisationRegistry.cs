using System.Collections.Concurrent;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Hosting;

namespace NetIdentity.MockAuthority.Organisations;

/// <summary>The registered organisations: those configured, plus those a tester registers at run time.</summary>
internal sealed class OrganisationRegistry
{
    private readonly ConcurrentDictionary<string, Organisation> _organisations = new(StringComparer.Ordinal);

    /// <summary>Builds the registry from configuration, refusing an entry that cannot work.</summary>
    /// <exception cref="InvalidOperationException">An organisation is incomplete or its key is not SM2.</exception>
    public static OrganisationRegistry Load(MockAuthorityOptions options)
    {
        var registry = new OrganisationRegistry();
        for (var i = 0; i < options.Organisations.Count; i++)
        {
            var o = options.Organisations[i];
            var organisation = TryCreate(o.OrgId, o.DisplayName, o.AppIds, o.PublicKeyPem, o.AllowedAttributes, o.PlaintextEntitled, out var problem)
                ?? throw new InvalidOperationException($"MockAuthority:Organisations:{i}: {problem}");
            if (!registry._organisations.TryAdd(organisation.OrgId, organisation))
            {
                throw new InvalidOperationException($"MockAuthority:Organisations:{i}: orgId '{organisation.OrgId}' is registered twice.");
            }
        }

        return registry;
    }

    public int Count => _organisations.Count;

    public Organisation? Find(string? orgId) =>
        orgId is not null && _organisations.TryGetValue(orgId, out var organisation) ? organisation : null;

    /// <summary>Adds or replaces an organisation; returns <c>true</c> when it was new.</summary>
    public bool Register(Organisation organisation)
    {
        var added = true;
        _organisations.AddOrUpdate(organisation.OrgId, organisation, (_, _) =>
        {
            added = false;
            return organisation;
        });
        return added;
    }

    /// <summary>Validates the parts of an organisation; <c>null</c> with a fix-it message when one is wrong.</summary>
    public static Organisation? TryCreate(
        string? orgId,
        string? displayName,
        IEnumerable<string>? appIds,
        string? publicKeyPem,
        IEnumerable<string>? allowedAttributes,
        bool plaintextEntitled,
        out string? problem)
    {
        var apps = new HashSet<string>(appIds?.Where(a => !string.IsNullOrWhiteSpace(a)) ?? [], StringComparer.Ordinal);
        var attributes = new HashSet<string>(allowedAttributes ?? [], StringComparer.Ordinal);
        problem = (orgId, apps.Count) switch
        {
            (null or "", _) => "orgId is required.",
            (_, 0) => "appIds needs at least one appId.",
            _ when !Sm2PublicKey.TryFromPem(publicKeyPem, out _) => "publicKeyPem is not an SM2 public key in PEM (SubjectPublicKeyInfo).",
            _ when !attributes.IsSubsetOf(Organisation.KnownAttributes) => "allowedAttributes may hold only 'ageBand' and 'gender'.",
            _ => null,
        };
        if (problem is not null || orgId is null || publicKeyPem is null)
        {
            return null;
        }

        var name = string.IsNullOrWhiteSpace(displayName) ? orgId : displayName;
        return new Organisation(orgId, name, apps, Sm2PublicKey.FromPem(publicKeyPem), attributes, plaintextEntitled);
    }
}
