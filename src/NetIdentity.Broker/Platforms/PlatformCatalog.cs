using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Platforms;

/// <summary>The declared platforms (configuration section <c>Platforms</c>).</summary>
public sealed class PlatformCatalogOptions
{
    public IList<PlatformOptions> Platforms { get; } = [];
}

/// <summary>Looks up a platform's registration; built once from validated options.</summary>
public sealed class PlatformCatalog
{
    private readonly Dictionary<string, PlatformOptions> _byClientId;

    public PlatformCatalog(Microsoft.Extensions.Options.IOptions<PlatformCatalogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _byClientId = options.Value.Platforms.ToDictionary(p => p.ClientId, StringComparer.Ordinal);
    }

    /// <summary>
    /// The broker itself, as the "platform" a person signs in to for "my authorizations". Its
    /// sector gives each person one key across all platforms; it is never an OAuth client.
    /// </summary>
    public static PlatformOptions Self { get; } = CreateSelf();

    /// <summary>The declared platforms (OAuth clients); <see cref="Self"/> is not one of them.</summary>
    public IReadOnlyCollection<PlatformOptions> All => _byClientId.Values;

    public PlatformOptions? Find(string? clientId) =>
        clientId == Self.ClientId ? Self
        : clientId is not null && _byClientId.TryGetValue(clientId, out var platform) ? platform : null;

    public static AssuranceLevel MinimumLevel(PlatformOptions platform) =>
        (AssuranceLevel)Math.Clamp(platform.MinimumAssuranceLevel, 1, 3);

    private static PlatformOptions CreateSelf()
    {
        var self = new PlatformOptions
        {
            ClientId = "netidentity.self",
            DisplayName = new LocalizedName { Zh = "网络身份认证 · 我的授权", En = "NetIdentity · My authorizations" },
            SectorIdentifier = "netidentity.self",
        };
        self.Scopes.Add("openid");
        self.Scopes.Add("netid");
        return self;
    }

    /// <summary>The mode to ask the authority for: the platform's preferred one if strong enough.</summary>
    public static VerificationMode ModeFor(PlatformOptions platform, AssuranceLevel required) =>
        Enum.TryParse<VerificationMode>(platform.PreferredMode, ignoreCase: false, out var preferred) && Assurance.Of(preferred) >= required
            ? preferred
            : Assurance.ModeFor(required);
}
