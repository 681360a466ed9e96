using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Events;

/// <summary>The back channel's settings, read from the <c>Broker</c> section (docs/events.md).</summary>
public sealed class BackChannelEventOptions
{
    /// <summary>How often the outbox is checked for events due (<c>Broker:OutboxPollInterval</c>).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Refuses to start with a poll interval that would spin or starve the outbox.</summary>
internal sealed class BackChannelEventOptionsValidator : IValidateOptions<BackChannelEventOptions>
{
    private static readonly TimeSpan Least = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Most = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, BackChannelEventOptions options) =>
        options.OutboxPollInterval >= Least && options.OutboxPollInterval <= Most
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Broker:OutboxPollInterval is {options.OutboxPollInterval}; it must be between 00:00:00.050 and 00:05:00 (default 00:00:02): " +
                "how long a withdrawal may wait before the platform is told.");
}
