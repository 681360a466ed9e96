using Microsoft.Extensions.Options;
using NetIdentity.Authority;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Outside Development, refuses an authority configuration that points at the mock: its published
/// keys, its sandbox organisation, the published organisation key, or a plain-HTTP address
/// (issue 9 §4). Any of these in production would let whoever read this repository answer for the
/// authority or sign as the broker.
/// </summary>
internal sealed class DevelopmentMaterialValidator(IHostEnvironment environment) : IValidateOptions<AuthorityOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorityOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.BaseAddress is { IsAbsoluteUri: true } address && address.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("Authority:BaseAddress must be HTTPS outside Development: the authority's answers decide who a person is.");
        }

        if (string.Equals(options.OrgId, DevelopmentMaterial.MockOrganisationId, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Authority:OrgId is the mock authority's sandbox organisation ({DevelopmentMaterial.MockOrganisationId}); set the organisation id the authority registered for you.");
        }

        if (DevelopmentMaterial.IsSandboxOrganisationKey(options.OrganisationPrivateKeyPem))
        {
            failures.Add("Authority:OrganisationPrivateKeyPem is the sandbox key published in this repository; use your organisation's own SM2 key from a secret source (docs/configuration.md).");
        }

        foreach (var key in options.SigningKeys.Where(k => DevelopmentMaterial.IsMockAuthorityKey(k.PublicKeyPem)))
        {
            failures.Add($"Authority:SigningKeys '{key.KeyId}' is the mock authority's published key; pin the authority's real signing keys.");
        }

        if (DevelopmentMaterial.IsMockAuthorityKey(options.EncryptionPublicKeyPem))
        {
            failures.Add("Authority:EncryptionPublicKeyPem is the mock authority's published key; pin the authority's real encryption key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
