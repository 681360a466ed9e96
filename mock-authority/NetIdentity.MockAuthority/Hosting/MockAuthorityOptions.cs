namespace NetIdentity.MockAuthority.Hosting;

/// <summary>
/// The <c>MockAuthority</c> configuration section. Every value has a working default, except the
/// keys, which fall back to ephemeral ones when empty (appsettings.Development.json ships fixed test keys).
/// </summary>
internal sealed class MockAuthorityOptions
{
    public const string Section = "MockAuthority";

    /// <summary>PEM PKCS#8 SM2 key that signs responses (contract §1.2). Unset: an ephemeral key.</summary>
    public string? SigningKeyPem { get; set; }

    public string SigningKeyId { get; set; } = "mock-sig-ephemeral";

    /// <summary>PEM PKCS#8 SM2 key that opens envelopes sealed to the authority (contract §6, §7).</summary>
    public string? EncryptionKeyPem { get; set; }

    public string EncryptionKeyId { get; set; } = "mock-enc-ephemeral";

    /// <summary>Organisations registered out of band (contract §1).</summary>
    public IList<OrganisationOptions> Organisations { get; } = [];

    /// <summary>Key of the HMAC-SM3 that derives the 网络身份应用标识 (appScopedId).</summary>
    public string AppScopedIdSecret { get; set; } = "mock-authority-development-secret-never-use-in-production";

    /// <summary>The personas file, relative to the content root (the output folder) unless absolute.</summary>
    public string PersonasPath { get; set; } = "personas.json";

    /// <summary>Overrides every <c>slow</c> persona's <c>delayMs</c> when set.</summary>
    public int? SlowDelayMs { get; set; }

    /// <summary>A session without an answer expires after this (contract §3: about 120 s).</summary>
    public int SessionLifetimeSeconds { get; set; } = 120;

    /// <summary>How long an answered credential may be fetched again (contract §3).</summary>
    public int CredentialRefetchSeconds { get; set; } = 120;

    /// <summary>How long after the credential plaintext identity may be asked for (contract §4).</summary>
    public int PlaintextWindowSeconds { get; set; } = 600;

    /// <summary>Largest accepted distance between a request's <c>timestamp</c> and the clock (contract §1.1).</summary>
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>A real-name verification expires this long after it opened (contract §7).</summary>
    public int RealnameLifetimeSeconds { get; set; } = 300;

    /// <summary>Base of <c>qrPayload</c> and <c>appLink</c>; unset: taken from the request's host.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Refuses settings that cannot work, saying which one and how to fix it (STYLE 2).</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range.</exception>
    public MockAuthorityOptions Validate()
    {
        (string Name, int Value)[] durations =
        [
            (nameof(SessionLifetimeSeconds), SessionLifetimeSeconds),
            (nameof(CredentialRefetchSeconds), CredentialRefetchSeconds),
            (nameof(PlaintextWindowSeconds), PlaintextWindowSeconds),
            (nameof(TimestampToleranceSeconds), TimestampToleranceSeconds),
            (nameof(RealnameLifetimeSeconds), RealnameLifetimeSeconds),
        ];
        foreach (var (name, value) in durations.Where(d => d.Value <= 0))
        {
            throw new InvalidOperationException($"{Section}:{name} is {value}; set a positive number of seconds.");
        }

        if (SlowDelayMs is < 0)
        {
            throw new InvalidOperationException($"{Section}:{nameof(SlowDelayMs)} must not be negative; remove it to use each persona's delayMs.");
        }

        if (string.IsNullOrEmpty(AppScopedIdSecret))
        {
            throw new InvalidOperationException($"{Section}:{nameof(AppScopedIdSecret)} is empty; set any secret string.");
        }

        return this;
    }
}

/// <summary>One organisation as configured under <c>MockAuthority:Organisations</c>.</summary>
internal sealed class OrganisationOptions
{
    public string OrgId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public IList<string> AppIds { get; } = [];

    public string PublicKeyPem { get; set; } = "";

    /// <summary>Subset of <c>ageBand</c>, <c>gender</c>.</summary>
    public IList<string> AllowedAttributes { get; } = [];

    public bool PlaintextEntitled { get; set; }
}
