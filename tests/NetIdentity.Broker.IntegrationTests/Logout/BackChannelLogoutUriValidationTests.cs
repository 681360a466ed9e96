using NetIdentity.Broker.Events;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.IntegrationTests.Logout;

/// <summary>A platform's back-channel logout registration is checked at start-up (Back-Channel Logout 1.0 §2.2).</summary>
public sealed class BackChannelLogoutUriValidationTests
{
    private static string Refusal(Uri uri) =>
        $"Platforms:0 (platform-logout): BackChannelLogoutUri '{uri}' must be an absolute HTTPS URL without a fragment (OpenID Connect Back-Channel Logout 1.0 §2.2); " +
        "plain HTTP is accepted only on loopback in Development.";

    [Theory]
    [InlineData("http://forum.example/backchannel-logout", "Development")]
    [InlineData("http://127.0.0.1:5200/backchannel-logout", "Production")]
    [InlineData("https://forum.example/backchannel-logout#x", "Production")]
    [InlineData("/backchannel-logout", "Production")]
    [InlineData("ftp://forum.example/backchannel-logout", "Production")]
    public void Validate_WithUnsafeLogoutUri_RefusesWithItsMessage(string endpoint, string environment)
    {
        var uri = new Uri(endpoint, UriKind.RelativeOrAbsolute);

        var failures = Failures(Platform(uri), environment);

        Assert.Contains(Refusal(uri), failures);
    }

    [Theory]
    [InlineData("https://forum.example/backchannel-logout?tenant=1", "Production")]
    [InlineData("http://127.0.0.1:5200/backchannel-logout", "Development")]
    public void Validate_WithHttpsOrDevelopmentLoopbackUri_SaysNothingAboutIt(string endpoint, string environment)
    {
        Assert.DoesNotContain(Failures(Platform(new Uri(endpoint)), environment), f => f.Contains("BackChannelLogout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SessionRequiredWithoutUri_RefusesWithItsMessage()
    {
        var platform = Platform(null);
        platform.BackChannelLogoutSessionRequired = true;

        Assert.Contains(
            "Platforms:0 (platform-logout): BackChannelLogoutSessionRequired needs a BackChannelLogoutUri to send the logout tokens to.",
            Failures(platform, "Production"));
    }

    [Theory]
    [InlineData("00:59:59")]
    [InlineData("90.00:00:01")]
    public void Validate_LogoutSessionLifetimeOutOfRange_RefusesWithItsMessage(string lifetime)
    {
        var value = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture);

        var result = new BackChannelEventOptionsValidator().Validate(null, new BackChannelEventOptions { LogoutSessionLifetime = value });

        Assert.Equal(
            [$"Broker:LogoutSessionLifetime is {value}; it must be between 01:00:00 and 90.00:00:00 (default 14.00:00:00): how long a login at a platform can still be signed out by its sid. Set it to the platform sessions' longest lifetime."],
            result.Failures);
    }

    private static PlatformOptions Platform(Uri? logout)
    {
        var platform = new PlatformOptions
        {
            ClientId = "platform-logout",
            ClientSecret = "platform-logout-secret-0123456789abcdef",
            DisplayName = new LocalizedName { Zh = "登出平台", En = "Logout platform" },
            BackChannelLogoutUri = logout,
        };
        platform.RedirectUris.Add(new Uri("https://forum.example/callback"));
        platform.Scopes.Add("openid");
        platform.Scopes.Add("netid");
        return platform;
    }

    private static List<string> Failures(PlatformOptions platform, string environment)
    {
        var catalog = new PlatformCatalogOptions();
        catalog.Platforms.Add(platform);
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };
        return new PlatformCatalogValidator(host).Validate(null, catalog).Failures?.ToList() ?? [];
    }
}
