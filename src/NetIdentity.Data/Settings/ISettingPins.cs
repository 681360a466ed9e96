namespace NetIdentity.Data.Settings;

/// <summary>
/// Fingerprints of settings that must not change silently once a database is in use, such as the
/// pairwise subject key: a new key would give every person a new <c>sub</c> at every platform.
/// A fingerprint is never the setting itself.
/// </summary>
public interface ISettingPins
{
    /// <summary>The pinned fingerprint of <paramref name="setting"/>, or null when nothing is pinned yet.</summary>
    Task<string?> FindAsync(string setting, CancellationToken cancellationToken);

    /// <summary>Pins a first fingerprint. Returns <c>false</c> when another instance pinned one first.</summary>
    Task<bool> TryPinAsync(string setting, string fingerprint, DateTimeOffset pinnedAt, CancellationToken cancellationToken);

    /// <summary>Replaces the pinned fingerprint, only if it is still <paramref name="expected"/>.</summary>
    Task<bool> RepinAsync(string setting, string expected, string fingerprint, DateTimeOffset pinnedAt, CancellationToken cancellationToken);
}
