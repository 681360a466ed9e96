namespace NetIdentity.Broker.Hosting;

/// <summary>
/// The broker's own settings (configuration section <c>Broker</c>; docs/configuration.md).
/// </summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>
    /// The development pairwise key published in appsettings.Development.json. Start-up refuses it
    /// outside Development, because with it anyone could recompute every <c>sub</c>.
    /// </summary>
    public const string DevelopmentPairwiseSubjectKey = "bmV0aWRlbnRpdHktc2FuZGJveC1wYWlyd2lzZS1rZXktZGV2ZWxvcG1lbnQtb25seQ==";

    /// <summary>The issuer URL (OIDC Core §2 <c>iss</c>); defaults to the request's scheme and host.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Base64 key (≥ 32 bytes) of the pairwise subject hash (OIDC Core §8.1).</summary>
    public string PairwiseSubjectKey { get; set; } = string.Empty;

    /// <summary>
    /// Accepts a new <see cref="PairwiseSubjectKey"/> whose fingerprint this is (start-up prints it
    /// when it refuses a changed key). Every <c>sub</c> changes with the key; see docs/configuration.md.
    /// </summary>
    public string? AcceptPairwiseSubjectKeyFingerprint { get; set; }

    /// <summary>How long a person has to finish a login before it is abandoned.</summary>
    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least time between two authority queries for one login. Each status poll is a signed
    /// call to the authority; a poll that comes sooner is answered from the stored state.
    /// </summary>
    public TimeSpan MinimumPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most authority queries one login may make; past it the login fails (NI1104, session expired).</summary>
    public int MaximumPolls { get; set; } = 300;

    /// <summary>Use secure (HTTPS-only) cookies. Off only for the loopback sandbox.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>
    /// The load balancers and reverse proxies whose X-Forwarded-For / X-Forwarded-Proto the broker
    /// believes: addresses or CIDR networks. Empty (the default): the headers are ignored, and
    /// the per-address limits see the connection's own address.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}
