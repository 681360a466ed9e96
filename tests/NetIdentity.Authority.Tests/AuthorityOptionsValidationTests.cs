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
