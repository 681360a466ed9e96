using Microsoft.Extensions.Options;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>
/// The broker refuses a key schedule under which a platform could meet a token signed with a key
/// its cached JWKS lacks, or an instance one it has not read yet (docs/configuration.md, "Token keys").
/// </summary>
public sealed class KeyOptionsValidationTests
{
    private static readonly Uri NoAuthority = new("http://127.0.0.1:9/");

    [Fact]
    public void Start_WithPublishAheadShorterThanTheJwksCacheLifetime_RefusesWithItsMessage()
    {
        var failures = FailuresOnStart(new Dictionary<string, string?>
        {
            ["Broker:Keys:PublishAhead"] = "00:30:00",
            ["Broker:Keys:JwksMaxAge"] = "01:00:00",
        });

        Assert.Equal(
            [
                "Broker:Keys:PublishAhead is 00:30:00; it must be at least Broker:Keys:JwksMaxAge (01:00:00) plus Broker:Keys:RefreshInterval (00:00:30), " +
                "so that every platform's cached JWKS and every instance know a key before it signs (default 1.00:00:00).",
            ],
            failures);
    }

    [Fact]
    public void Start_WithRotationNoLongerThanPublication_RefusesWithItsMessage()
    {
        var failures = FailuresOnStart(new Dictionary<string, string?> { ["Broker:Keys:RotateEvery"] = "1.00:00:00" });

        Assert.Equal(["Broker:Keys:RotateEvery is 1.00:00:00; it must be longer than Broker:Keys:PublishAhead (1.00:00:00) (default 90.00:00:00)."], failures);
    }

    private static List<string> FailuresOnStart(IDictionary<string, string?> settings)
    {
        using var host = new BrokerHost(NoAuthority, settings);
        var thrown = Record.Exception(() => host.Server);
        Assert.NotNull(thrown);
        var failures = Failures(thrown).Where(e => e.OptionsType == typeof(KeyOptions)).SelectMany(e => e.Failures).ToList();
        Assert.True(failures.Count > 0, "No validation failure for KeyOptions: " + thrown);
        return failures;
    }

    private static IEnumerable<OptionsValidationException> Failures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [validation],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        { InnerException: { } inner } => Failures(inner),
        _ => [],
    };
}
