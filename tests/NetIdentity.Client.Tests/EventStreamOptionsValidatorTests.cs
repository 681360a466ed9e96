namespace NetIdentity.Client.Tests;

public sealed class EventStreamOptionsValidatorTests
{
    private static readonly NetIdentityEventStreamOptionsValidator Validator = new();

    private static List<string> Failures(Action<NetIdentityEventStreamOptions> change)
    {
        var options = new NetIdentityEventStreamOptions { Endpoint = new Uri("https://forum.example/events") };
        change(options);
        return Validator.Validate(null, options).Failures?.ToList() ?? [];
    }

    [Fact]
    public void Validate_WhenHttpsEndpoint_Succeeds() => Assert.Empty(Failures(_ => { }));

    [Fact]
    public void Validate_WhenLoopbackHttpEndpoint_Succeeds() => Assert.Empty(Failures(o => o.Endpoint = new Uri("http://127.0.0.1:5200/events")));

    [Theory]
    [InlineData(null)]
    [InlineData("http://forum.example/events")]
    [InlineData("/events")]
    public void Validate_WhenEndpointMissingRelativeOrPlainHttp_SaysWhatToSet(string? endpoint)
    {
        var failure = Assert.Single(Failures(o => o.Endpoint = endpoint is null ? null : new Uri(endpoint, UriKind.RelativeOrAbsolute)));

        Assert.Equal(
            "NetIdentity:EventStream:Endpoint must be the absolute URL of this platform's MapNetIdentityEvents endpoint, as registered at the broker " +
            "(BackChannelEventUri or SsfPushEndpoints), e.g. https://forum.example/events; HTTPS unless on a loopback address.",
            failure);
    }

    [Fact]
    public void Validate_WhenNoEvents_Fails()
    {
        var failure = Assert.Single(Failures(o => o.Events.Clear()));

        Assert.StartsWith("NetIdentity:EventStream:Events must list at least one event type URI", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("01:00:01")]
    public void Validate_WhenMaxRetryDelayOutOfRange_SaysTheRange(string delay)
    {
        var failure = Assert.Single(Failures(o => o.MaxRetryDelay = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.EndsWith("it must be between 00:00:01 and 01:00:00.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AskForWithdrawalsRevocationsAndVerification()
    {
        var options = new NetIdentityEventStreamOptions();

        Assert.Equal([NetIdentitySecurityEvents.ConsentWithdrawn, NetIdentitySecurityEvents.SessionRevoked, NetIdentitySecurityEvents.Verification], options.Events);
        Assert.True(options.Verify);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxRetryDelay);
    }
}
