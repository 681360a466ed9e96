namespace NetIdentity.Authority;

/// <summary>
/// How the broker reaches the authority: where, as which registered organisation and app,
/// with which key it signs, and which authority keys it trusts. Bound from configuration
/// section <c>Authority</c> (docs/configuration.md).
/// </summary>
public sealed class AuthorityOptions
{
    public const string SectionName = "Authority";

    /// <summary>The authority's base address, e.g. <c>http://127.0.0.1:5300/</c> for the mock.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The organisation id the authority registered for this broker.</summary>
    public string OrgId { get; set; } = string.Empty;

    /// <summary>The app id under that organisation.</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The organisation's SM2 private key (PKCS#8 PEM). Signs requests, opens plaintext envelopes.</summary>
    public string OrganisationPrivateKeyPem { get; set; } = string.Empty;

    /// <summary>The authority's response-signing public keys, pinned, by key id.</summary>
    public IList<AuthorityKey> SigningKeys { get; } = [];

    /// <summary>The authority's public key for envelopes sent to it (PEM).</summary>
    public string EncryptionPublicKeyPem { get; set; } = string.Empty;

    /// <summary>How long one attempt may take before it is abandoned (and maybe retried).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call may take in all, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Retries after a transient failure (5xx, 408, 429, network, timeout), with exponential backoff.</summary>
    public int MaxRetries { get; set; } = 2;
}

/// <summary>A pinned authority public key.</summary>
public sealed class AuthorityKey
{
    public string KeyId { get; set; } = string.Empty;

    public string PublicKeyPem { get; set; } = string.Empty;
}
