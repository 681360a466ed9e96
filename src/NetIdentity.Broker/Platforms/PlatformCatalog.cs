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

    public IReadOnlyCollection<PlatformOptions> All => _byClientId.Values;

    public PlatformOptions? Find(string? clientId) =>
        clientId is not null && _byClientId.TryGetValue(clientId, out var platform) ? platform : null;

    public static AssuranceLevel MinimumLevel(PlatformOptions platform) =>
        (AssuranceLevel)Math.Clamp(platform.MinimumAssuranceLevel, 1, 3);

    /// <summary>The mode to ask the authority for: the platform's preferred one if strong enough.</summary>
    public static VerificationMode ModeFor(PlatformOptions platform, AssuranceLevel required) =>
        Enum.TryParse<VerificationMode>(platform.PreferredMode, ignoreCase: false, out var preferred) && Assurance.Of(preferred) >= required
            ? preferred
            : Assurance.ModeFor(required);
}
