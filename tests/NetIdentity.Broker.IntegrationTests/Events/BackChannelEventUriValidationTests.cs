using Microsoft.Extensions.Options;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>A platform's security event endpoint is checked at start-up like its redirect URIs.</summary>
public sealed class BackChannelEventUriValidationTests
{
    [Theory]
    [InlineData("http://events.example/events")]
    [InlineData("https://events.example/events#fragment")]
    [InlineData("/events")]
    [InlineData("events")]
    [InlineData("ftp://127.0.0.1/events")]
    public void Validate_WithUnsafeEndpoint_RefusesWithItsMessage(string endpoint)
    {
        // As configuration binds it (on Unix "/events" becomes file:///events).
        var uri = new Uri(endpoint, UriKind.RelativeOrAbsolute);

        var failures = Failures(Platform(uri));

        Assert.Contains(
            $"Platforms:0 (platform-events): BackChannelEventUri '{uri}' must be an absolute URL without a fragment, HTTPS unless on loopback: signed events travel to it (RFC 8935).",
            failures);
    }

    [Theory]
    [InlineData("https://events.example/events")]
    [InlineData("http://127.0.0.1:5200/events")]
    [InlineData("http://localhost:5200/events")]
    [InlineData("http://[::1]:5200/events")]
    public void Validate_WithHttpsOrLoopbackEndpoint_SaysNothingAboutIt(string endpoint)
    {
        var failures = Failures(Platform(new Uri(endpoint)));

        Assert.DoesNotContain(failures, f => f.Contains("BackChannelEventUri", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WithoutEndpoint_SaysNothingAboutIt()
    {
        Assert.DoesNotContain(Failures(Platform(null)), f => f.Contains("BackChannelEventUri", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PollIntervalOfZero_RefusesWithItsMessage()
    {
        var result = new BackChannelEventOptionsValidator().Validate(null, new BackChannelEventOptions { OutboxPollInterval = TimeSpan.Zero });

        Assert.Equal(
            ["Broker:OutboxPollInterval is 00:00:00; it must be between 00:00:00.050 and 00:05:00 (default 00:00:02): how long a withdrawal may wait before the platform is told."],
            result.Failures);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:01:01")]
    public void Validate_SsfPollWaitOutOfRange_RefusesWithItsMessage(string wait)
    {
        var value = TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture);

        var result = new BackChannelEventOptionsValidator().Validate(null, new BackChannelEventOptions { SsfPollWait = value });

        Assert.Equal(
            [$"Broker:SsfPollWait is {value}; it must be between 00:00:00 (answer at once) and 00:01:00 (default 00:00:20): how long an SSF poll waits for events. Keep it below the reverse proxy's read timeout."],
            result.Failures);
    }

    [Theory]
    [InlineData("00:59:59")]
    [InlineData("30.00:00:01")]
    public void Validate_DeadLetterBoundOutOfRange_RefusesWithItsMessage(string bound)
    {
        var after = TimeSpan.Parse(bound, System.Globalization.CultureInfo.InvariantCulture);

        var result = new BackChannelEventOptionsValidator().Validate(null, new BackChannelEventOptions { OutboxDeadLetterAfter = after });

        Assert.Equal(
            [$"Broker:OutboxDeadLetterAfter is {after}; it must be between 01:00:00 and 30.00:00:00 (default 3.00:00:00): how long a platform may fail to take an event before an operator has to send it again."],
            result.Failures);
    }

    [Fact]
    public void Validate_DefaultOptions_Succeed()
    {
        Assert.True(new BackChannelEventOptionsValidator().Validate(null, new BackChannelEventOptions()).Succeeded);
    }

    private static PlatformOptions Platform(Uri? endpoint)
    {
        var platform = new PlatformOptions
        {
            ClientId = "platform-events",
            ClientSecret = "platform-events-secret-0123456789abcdef",
            DisplayName = new LocalizedName { Zh = "事件平台", En = "Events platform" },
            Purpose = new LocalizedName { Zh = "测试", En = "Tests" },
            BackChannelEventUri = endpoint,
        };
        platform.RedirectUris.Add(new Uri("https://events.example/callback"));
        platform.Scopes.Add("openid");
        platform.Scopes.Add("netid");
        return platform;
    }

    private static List<string> Failures(PlatformOptions platform)
    {
        var catalog = new PlatformCatalogOptions();
        catalog.Platforms.Add(platform);
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        var result = new PlatformCatalogValidator(production).Validate(null, catalog);
        return result.Failures?.ToList() ?? [];
    }
}
