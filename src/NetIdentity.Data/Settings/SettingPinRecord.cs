namespace NetIdentity.Data.Settings;

/// <summary>A row of <c>setting_pins</c>: one setting's fingerprint and when it was pinned.</summary>
internal sealed class SettingPinRecord
{
    public required string Setting { get; init; }

    public required string Fingerprint { get; set; }

    public DateTimeOffset PinnedAt { get; set; }
}
