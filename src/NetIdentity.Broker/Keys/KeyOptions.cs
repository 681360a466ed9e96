using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// How the token keys rotate, from <c>Broker:Keys</c> (docs/configuration.md, "Token keys").
/// The order that matters: a platform caches the JWKS for at most <see cref="JwksMaxAge"/>, every
/// instance re-reads the keys every <see cref="RefreshInterval"/>, so a key published
/// <see cref="PublishAhead"/> before it signs is known to every platform and every instance
/// by then.
/// </summary>
public sealed class KeyOptions
{
    public const string SectionName = "Broker:Keys";

    /// <summary>How long a key signs and encrypts before its successor takes over (default 90 days).</summary>
    public TimeSpan RotateEvery { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a new key is published before it signs (default 1 day).</summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The JWKS's <c>Cache-Control: max-age</c> (default 1 hour).</summary>
    public TimeSpan JwksMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often every instance re-reads the key set (default 30 s).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses a schedule under which a platform or an instance could meet a key it does not know yet.</summary>
internal sealed class KeyOptionsValidator : IValidateOptions<KeyOptions>
{
    private static readonly TimeSpan LeastRefresh = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MostRefresh = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, KeyOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshInterval < LeastRefresh || options.RefreshInterval > MostRefresh)
        {
            failures.Add($"Broker:Keys:RefreshInterval is {options.RefreshInterval}; it must be between 00:00:00.100 and 00:05:00 (default 00:00:30): " +
                "how long an instance may sign with a key another instance has replaced.");
        }

        if (options.JwksMaxAge < TimeSpan.Zero)
        {
            failures.Add($"Broker:Keys:JwksMaxAge is {options.JwksMaxAge}; it cannot be negative (default 01:00:00).");
        }

        if (options.PublishAhead < options.JwksMaxAge + options.RefreshInterval)
        {
            failures.Add($"Broker:Keys:PublishAhead is {options.PublishAhead}; it must be at least Broker:Keys:JwksMaxAge ({options.JwksMaxAge}) " +
                $"plus Broker:Keys:RefreshInterval ({options.RefreshInterval}), so that every platform's cached JWKS and every instance " +
                "know a key before it signs (default 1.00:00:00).");
        }

        if (options.RotateEvery <= options.PublishAhead)
        {
            failures.Add($"Broker:Keys:RotateEvery is {options.RotateEvery}; it must be longer than Broker:Keys:PublishAhead ({options.PublishAhead}) " +
                "(default 90.00:00:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
