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

    /// <summary>The delay before the first retry; each further retry doubles it, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The circuit breaker every call of this instance shares (docs/operations.md, "The authority is down").</summary>
    public AuthorityCircuitBreakerOptions CircuitBreaker { get; } = new();
}

/// <summary>
/// When the instance stops calling the authority for a while. Bound from
/// <c>Authority:CircuitBreaker</c>; the defaults are the figures the breaker always had.
/// </summary>
public sealed class AuthorityCircuitBreakerOptions
{
    /// <summary>The share of transient failures among the sampled calls that opens the breaker, above 0 and at most 1.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the sampling window must hold before the ratio counts (2 or more).</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>
    /// The window over which failures are counted. The breaker uses twice
    /// <see cref="AuthorityOptions.AttemptTimeout"/> when that is longer, so that a window always
    /// holds calls that timed out.
    /// </summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls before it lets one through to probe.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>A pinned authority public key.</summary>
public sealed class AuthorityKey
{
    public string KeyId { get; set; } = string.Empty;

    public string PublicKeyPem { get; set; } = string.Empty;
}
