namespace NetIdentity.Client.Tests;

public sealed class NetIdentityOptionsValidatorTests
{
    private static readonly NetIdentityOptionsValidator Validator = new();

    private static List<string> Failures(NetIdentityOptions options) =>
        Validator.Validate(NetIdentityDefaults.AuthenticationScheme, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_WhenSandboxSettings_Succeeds()
    {
        var result = Validator.Validate(NetIdentityDefaults.AuthenticationScheme, Options.Sandbox());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_WhenHttpsAuthority_Succeeds()
    {
        var options = Options.Sandbox(o => o.Authority = new Uri("https://netid.example.com"));

        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("1.00:00:01")]
    [InlineData("-00:10:00")]
    public void Validate_WhenEventMaxAgeOutOfRange_SaysTheRange(string maxAge)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.EventMaxAge = TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(
            $"NetIdentity:EventMaxAge is {TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture)}; it must be between 00:01:00 and 1.00:00:00. The broker signs each " +
            "delivery of an event afresh, so a few minutes is enough (default 00:10:00); see docs/events.md, \"SSF streams\".",
            failure);
    }

    [Fact]
    public void EventMaxAge_ByDefault_IsTenMinutes() => Assert.Equal(TimeSpan.FromMinutes(10), new NetIdentityOptions().EventMaxAge);

    [Fact]
    public void Validate_WhenAuthorityMissing_SaysWhatToSet()
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Authority = null)));

        Assert.StartsWith("NetIdentity:Authority is missing.", failure, StringComparison.Ordinal);
        Assert.Contains("NetIdentity__Authority", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAuthorityRelative_Fails()
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Authority = new Uri("/broker", UriKind.Relative))));

        Assert.Contains("is not an absolute http(s) URL", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAuthorityNotHttp_Fails()
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Authority = new Uri("ftp://netid.example.com"))));

        Assert.Contains("is not an absolute http(s) URL", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://netid.example.com")]
    [InlineData("http://10.0.0.8:5100")]
    public void Validate_WhenPlainHttpToRemoteHost_RequiresHttps(string authority)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Authority = new Uri(authority))));

        Assert.Contains("uses http. Use https", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5100")]
    [InlineData("http://localhost:5100")]
    [InlineData("http://[::1]:5100")]
    public void Validate_WhenPlainHttpToLoopback_Succeeds(string authority)
    {
        Assert.Empty(Failures(Options.Sandbox(o => o.Authority = new Uri(authority))));
    }

    [Theory]
    [InlineData("https://netid.example.com/?tenant=1")]
    [InlineData("https://netid.example.com/#top")]
    [InlineData("https://user@netid.example.com/")]
    public void Validate_WhenAuthorityHasQueryFragmentOrUser_Fails(string authority)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Authority = new Uri(authority))));

        Assert.Contains("Give only the issuer URL", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenClientIdMissing_SaysWhereItComesFrom()
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.ClientId = " ")));

        Assert.StartsWith("NetIdentity:ClientId is missing.", failure, StringComparison.Ordinal);
        Assert.Contains("registered for this platform", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenClientSecretMissing_SaysKeepItOutOfSource()
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.ClientSecret = "")));

        Assert.StartsWith("NetIdentity:ClientSecret is missing.", failure, StringComparison.Ordinal);
        Assert.Contains("never commit it", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Validate_WhenAcrLevelOutOfRange_NamesTheLevels(int level)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.AcrLevel = level)));

        Assert.StartsWith($"NetIdentity:AcrLevel is {level}; it must be 1", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Validate_WhenAcrLevelInRange_Succeeds(int level)
    {
        Assert.Empty(Failures(Options.Sandbox(o => o.AcrLevel = level)));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    [InlineData("zh-Hans-CN en")]
    public void Validate_WhenUiLocaleIsLanguageTags_Succeeds(string locale)
    {
        Assert.Empty(Failures(Options.Sandbox(o => o.UiLocale = locale)));
    }

    [Theory]
    [InlineData("zh_CN")]
    [InlineData("")]
    [InlineData("中文")]
    public void Validate_WhenUiLocaleMalformed_Fails(string locale)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.UiLocale = locale)));

        Assert.StartsWith("NetIdentity:UiLocale", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openid netid")]
    [InlineData(" ")]
    public void Validate_WhenScopeHasSpaces_AsksForOnePerEntry(string scope)
    {
        var failure = Assert.Single(Failures(Options.Sandbox(o => o.Scopes.Add(scope))));

        Assert.Contains("one scope per entry", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenSeveralProblems_ReportsEach()
    {
        var failures = Failures(new NetIdentityOptions { AcrLevel = 9 });

        Assert.Equal(4, failures.Count);
    }
}
