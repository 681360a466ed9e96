namespace NetIdentity.Broker.Login;

/// <summary>
/// The other lawful way (configuration section <c>Broker:OtherPath</c>). A platform cannot switch
/// it off; the operator can, globally, and start-up then warns with the equal-service rule.
/// The limits make the real-name check useless as an oracle for name/number pairs.
/// </summary>
public sealed class OtherPathOptions
{
    public const string SectionName = "Broker:OtherPath";

    public bool Enabled { get; set; } = true;

    /// <summary>Real-name checks per ID number per <see cref="Window"/>, whoever asks.</summary>
    public int AttemptsPerIdNumber { get; set; } = 5;

    /// <summary>Real-name checks per client address per <see cref="Window"/>.</summary>
    public int AttemptsPerAddress { get; set; } = 20;

    /// <summary>Real-name checks per login (browser session) per <see cref="Window"/>.</summary>
    public int AttemptsPerLogin { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest growing delay before answering a failed check.</summary>
    public TimeSpan MaximumDelay { get; set; } = TimeSpan.FromSeconds(8);
}
