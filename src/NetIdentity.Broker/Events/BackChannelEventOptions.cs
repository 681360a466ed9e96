using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Events;

/// <summary>The back channel's settings, read from the <c>Broker</c> section (docs/events.md).</summary>
public sealed class BackChannelEventOptions
{
    /// <summary>How often the outbox is checked for events due (<c>Broker:OutboxPollInterval</c>).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an event may keep failing before it becomes a dead letter, which only an operator
    /// sends again (<c>Broker:OutboxDeadLetterAfter</c>). Counted from its first failure.
    /// </summary>
    public TimeSpan OutboxDeadLetterAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long the broker remembers a login at a platform registered for back-channel logout, so
    /// that a sign-out can name its <c>sid</c> (<c>Broker:LogoutSessionLifetime</c>). Default 14
    /// days, ASP.NET Core's cookie session default: a platform session rarely outlives it. After it,
    /// a withdrawal of everything still signs the person out by <c>sub</c>.
    /// </summary>
    public TimeSpan LogoutSessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long a poll of an SSF poll stream that asks to wait (<c>returnImmediately</c> false or
    /// omitted, RFC 8936 §2.4) is held while there is nothing to serve (<c>Broker:SsfPollWait</c>):
    /// it answers as soon as an event is queued, or empty after this. Default 20 s; zero answers at
    /// once. Keep it below the reverse proxy's read timeout.
    /// </summary>
    public TimeSpan SsfPollWait { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Refuses to start with a poll interval that would spin or starve the outbox, or a dead-letter
/// bound that would give up before the retries reach their longest delay or keep retrying past a month.
/// </summary>
internal sealed class BackChannelEventOptionsValidator : IValidateOptions<BackChannelEventOptions>
{
    private static readonly TimeSpan Least = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Most = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShortestDeadLetterAfter = TimeSpan.FromHours(1);
    private static readonly TimeSpan LongestDeadLetterAfter = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, BackChannelEventOptions options)
    {
        var failures = new List<string>();
        if (options.OutboxPollInterval < Least || options.OutboxPollInterval > Most)
        {
            failures.Add(
                $"Broker:OutboxPollInterval is {options.OutboxPollInterval}; it must be between 00:00:00.050 and 00:05:00 (default 00:00:02): " +
                "how long a withdrawal may wait before the platform is told.");
        }

        if (options.OutboxDeadLetterAfter < ShortestDeadLetterAfter || options.OutboxDeadLetterAfter > LongestDeadLetterAfter)
        {
            failures.Add(
                $"Broker:OutboxDeadLetterAfter is {options.OutboxDeadLetterAfter}; it must be between 01:00:00 and 30.00:00:00 (default 3.00:00:00): " +
                "how long a platform may fail to take an event before an operator has to send it again.");
        }

        if (options.LogoutSessionLifetime < TimeSpan.FromHours(1) || options.LogoutSessionLifetime > TimeSpan.FromDays(90))
        {
            failures.Add(
                $"Broker:LogoutSessionLifetime is {options.LogoutSessionLifetime}; it must be between 01:00:00 and 90.00:00:00 (default 14.00:00:00): " +
                "how long a login at a platform can still be signed out by its sid. Set it to the platform sessions' longest lifetime.");
        }

        if (options.SsfPollWait < TimeSpan.Zero || options.SsfPollWait > TimeSpan.FromMinutes(1))
        {
            failures.Add(
                $"Broker:SsfPollWait is {options.SsfPollWait}; it must be between 00:00:00 (answer at once) and 00:01:00 (default 00:00:20): " +
                "how long an SSF poll waits for events. Keep it below the reverse proxy's read timeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
