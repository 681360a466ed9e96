using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// The adapter refuses to start with an incomplete configuration, with a message that says how
/// to fix it (STYLE convention 2; AuthorityOptionsValidator).
/// </summary>
public sealed class AuthorityOptionsValidationTests(TestKeys keys) : IClassFixture<TestKeys>
{
    private const string BaseAddressMessage = "Authority:BaseAddress must be an absolute URL, e.g. http://127.0.0.1:5300/ for the mock authority.";
    private const string PartyMessage = "Authority:OrgId and Authority:AppId must name the organisation and app registered with the authority.";
    private const string OrganisationKeyMessage = "Authority:OrganisationPrivateKeyPem must be the organisation's SM2 private key in PKCS#8 PEM (openssl genpkey -algorithm SM2).";
    private const string SigningKeysMessage = "Authority:SigningKeys must pin at least one authority signing key (KeyId and PublicKeyPem).";
    private const string EncryptionKeyMessage = "Authority:EncryptionPublicKeyPem must be the authority's SM2 encryption public key in PEM (GET /v1/keys, use 'enc').";
    private const string BreakDurationMessage = "Authority:CircuitBreaker:BreakDuration must be from 00:00:00.5 to 1.00:00:00; the default is 00:00:15.";
    private const string TimeoutMessage = "Authority:AttemptTimeout must be positive and not longer than Authority:TotalTimeout.";

    private static readonly Uri Mock = new("http://127.0.0.1:5300/");

    [Fact]
    public void Validate_CompleteOptions_Succeeds()
    {
        var value = Resolve(_ => { });

        Assert.Equal(Sample.OrgId, value.OrgId);
    }

    [Fact]
    public void Validate_NoBaseAddress_SaysHowToFix()
    {
        AssertFailure(o => o.BaseAddress = null, BaseAddressMessage);
    }

    [Fact]
    public void Validate_RelativeBaseAddress_SaysHowToFix()
    {
        AssertFailure(o => o.BaseAddress = new Uri("authority/", UriKind.Relative), BaseAddressMessage);
    }

    [Theory]
    [InlineData("", Sample.AppId)]
    [InlineData(" ", Sample.AppId)]
    [InlineData(Sample.OrgId, "")]
    [InlineData(Sample.OrgId, "\t")]
    public void Validate_MissingOrgOrApp_SaysHowToFix(string orgId, string appId)
    {
        AssertFailure(o => { o.OrgId = orgId; o.AppId = appId; }, PartyMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")]
    public void Validate_UnreadableOrganisationKey_SaysHowToFix(string pem)
    {
        AssertFailure(o => o.OrganisationPrivateKeyPem = pem, OrganisationKeyMessage);
    }

    // A public key where the private one belongs is a likely slip.
    [Fact]
    public void Validate_OrganisationPublicKeyInsteadOfPrivate_SaysHowToFix()
    {
        AssertFailure(o => o.OrganisationPrivateKeyPem = keys.Organisation.PublicKey.ExportPem(), OrganisationKeyMessage);
    }

    [Fact]
    public void Validate_NoSigningKeys_SaysHowToFix()
    {
        AssertFailure(o => o.SigningKeys.Clear(), SigningKeysMessage);
    }

    [Fact]
    public void Validate_SigningKeyWithoutKeyId_NamesEntry()
    {
        AssertFailure(
            o => o.SigningKeys.Add(new AuthorityKey { KeyId = "", PublicKeyPem = keys.Stranger.PublicKey.ExportPem() }),
            "Authority:SigningKeys entry '' needs a KeyId and an SM2 public key in PEM.");
    }

    [Fact]
    public void Validate_SigningKeyUnreadable_NamesEntry()
    {
        AssertFailure(
            o => o.SigningKeys.Add(new AuthorityKey { KeyId = "mock-sig-2027", PublicKeyPem = "not a key" }),
            "Authority:SigningKeys entry 'mock-sig-2027' needs a KeyId and an SM2 public key in PEM.");
    }

    [Fact]
    public void Validate_UnreadableEncryptionKey_SaysHowToFix()
    {
        AssertFailure(o => o.EncryptionPublicKeyPem = "", EncryptionKeyMessage);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(-1, 1000)]
    [InlineData(2000, 1000)]
    public void Validate_BadTimeouts_SaysHowToFix(int attemptMilliseconds, int totalMilliseconds)
    {
        AssertFailure(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromMilliseconds(attemptMilliseconds);
                o.TotalTimeout = TimeSpan.FromMilliseconds(totalMilliseconds);
            },
            TimeoutMessage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-10)]
    public void Validate_NegativeMaxRetries_SaysHowToFix(int retries)
    {
        AssertFailure(o => o.MaxRetries = retries, "Authority:MaxRetries must be 0 (no retries) or more; the default is 2.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-200)]
    [InlineData(20_000)]
    public void Validate_RetryDelayNotWithinTotalTimeout_SaysHowToFix(int milliseconds)
    {
        AssertFailure(
            o => o.RetryDelay = TimeSpan.FromMilliseconds(milliseconds),
            "Authority:RetryDelay must be positive and shorter than Authority:TotalTimeout; the default is 00:00:00.200.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Validate_FailureRatioOutOfRange_SaysHowToFix(double ratio)
    {
        AssertFailure(
            o => o.CircuitBreaker.FailureRatio = ratio,
            "Authority:CircuitBreaker:FailureRatio must be above 0 and at most 1; the default, 0.5, opens the breaker when half the sampled calls failed.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void Validate_MinimumThroughputBelowTwo_SaysHowToFix(int calls)
    {
        AssertFailure(o => o.CircuitBreaker.MinimumThroughput = calls, "Authority:CircuitBreaker:MinimumThroughput must be 2 or more; the default is 10.");
    }

    [Theory]
    [InlineData("00:00:00.499")]
    [InlineData("00:00:00")]
    [InlineData("1.00:00:01")]
    public void Validate_SamplingDurationOutOfRange_SaysHowToFix(string duration)
    {
        AssertFailure(
            o => o.CircuitBreaker.SamplingDuration = TimeSpan.Parse(duration, CultureInfo.InvariantCulture),
            "Authority:CircuitBreaker:SamplingDuration must be from 00:00:00.5 to 1.00:00:00; the default is 00:00:30.");
    }

    [Theory]
    [InlineData("00:00:00.499")]
    [InlineData("-00:00:15")]
    [InlineData("1.00:00:01")]
    public void Validate_BreakDurationOutOfRange_SaysHowToFix(string duration)
    {
        AssertFailure(o => o.CircuitBreaker.BreakDuration = TimeSpan.Parse(duration, CultureInfo.InvariantCulture), BreakDurationMessage);
    }

    [Theory]
    [InlineData(0.01, 2, "00:00:00.5", "00:00:00.5")]
    [InlineData(1.0, 1000, "1.00:00:00", "1.00:00:00")]
    public void Validate_BreakerAtTheEndsOfItsRanges_Succeeds(double ratio, int calls, string sampling, string breakDuration)
    {
        var value = Resolve(o =>
        {
            o.CircuitBreaker.FailureRatio = ratio;
            o.CircuitBreaker.MinimumThroughput = calls;
            o.CircuitBreaker.SamplingDuration = TimeSpan.Parse(sampling, CultureInfo.InvariantCulture);
            o.CircuitBreaker.BreakDuration = TimeSpan.Parse(breakDuration, CultureInfo.InvariantCulture);
        });

        Assert.Equal(calls, value.CircuitBreaker.MinimumThroughput);
    }

    [Fact]
    public void Defaults_AreTheFiguresTheBreakerAlwaysHad()
    {
        var value = new AuthorityOptions();

        Assert.Equal(
            (2, TimeSpan.FromMilliseconds(200), 0.5, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15)),
            (value.MaxRetries, value.RetryDelay, value.CircuitBreaker.FailureRatio, value.CircuitBreaker.MinimumThroughput, value.CircuitBreaker.SamplingDuration, value.CircuitBreaker.BreakDuration));
    }

    // The broker binds the section Authority (NetIdentityBrokerServiceCollectionExtensions); the
    // breaker is a nested section under it, as docs/configuration.md names its keys.
    [Fact]
    public void Bind_BreakerSection_ReachesTheOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authority:RetryDelay"] = "00:00:00.500",
            ["Authority:CircuitBreaker:FailureRatio"] = "0.25",
            ["Authority:CircuitBreaker:MinimumThroughput"] = "4",
            ["Authority:CircuitBreaker:SamplingDuration"] = "00:01:00",
            ["Authority:CircuitBreaker:BreakDuration"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging().AddNationalAuthority(o => AuthorityHarness.Configure(o, keys, Mock));
        services.AddOptions<AuthorityOptions>().Bind(configuration.GetSection(AuthorityOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var value = provider.GetRequiredService<IOptions<AuthorityOptions>>().Value;

        Assert.Equal(
            (TimeSpan.FromMilliseconds(500), 0.25, 4, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)),
            (value.RetryDelay, value.CircuitBreaker.FailureRatio, value.CircuitBreaker.MinimumThroughput, value.CircuitBreaker.SamplingDuration, value.CircuitBreaker.BreakDuration));
    }

    [Fact]
    public void Validate_NothingConfigured_ListsEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddLogging().AddNationalAuthority();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuthorityOptions>>().Value);

        Assert.Equal([BaseAddressMessage, PartyMessage, OrganisationKeyMessage, SigningKeysMessage, EncryptionKeyMessage], error.Failures);
    }

    // ValidateOnStart: a host runs IStartupValidator when it starts, before any request.
    [Fact]
    public void StartupValidator_InvalidOptions_Throws()
    {
        using var provider = Build(o => o.BaseAddress = null);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([BaseAddressMessage], error.Failures);
    }

    [Fact]
    public void StartupValidator_BreakDurationTooShort_Throws()
    {
        using var provider = Build(o => o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(100));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([BreakDurationMessage], error.Failures);
    }

    private ServiceProvider Build(Action<AuthorityOptions> breakIt)
    {
        var services = new ServiceCollection();
        services.AddLogging().AddNationalAuthority(o =>
        {
            AuthorityHarness.Configure(o, keys, Mock);
            breakIt(o);
        });
        return services.BuildServiceProvider();
    }

    private AuthorityOptions Resolve(Action<AuthorityOptions> breakIt)
    {
        using var provider = Build(breakIt);
        return provider.GetRequiredService<IOptions<AuthorityOptions>>().Value;
    }

    private void AssertFailure(Action<AuthorityOptions> breakIt, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(breakIt));

        Assert.Equal([message], error.Failures);
    }
}
