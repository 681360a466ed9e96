using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Claims;

/// <summary>
/// <c>sub</c> is pairwise (OIDC Core §8.1; docs/claims.md): stable for one person and one
/// platform's sector, different across sectors and people, and never the authority's
/// organisation-scoped identifier (网络身份应用标识), which does not leave the broker.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class PairwiseSubjectTests(BrokerFixture fixture)
{
    [Fact]
    public async Task Sub_ForSamePersonOnSamePlatform_IsStableAcrossLogins()
    {
        var first = await SubjectAsync(TestPlatforms.A, "adult");

        var second = await SubjectAsync(TestPlatforms.A, "adult");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Sub_ForSamePersonOnTwoPlatforms_Differs()
    {
        var onA = await SubjectAsync(TestPlatforms.A, "adult");

        var onB = await SubjectAsync(TestPlatforms.B, "adult");

        Assert.NotEqual(onA, onB);
    }

    [Fact]
    public async Task Sub_ForTwoPeopleOnSamePlatform_Differs()
    {
        var adult = await SubjectAsync(TestPlatforms.A, "adult");

        var guardian = await SubjectAsync(TestPlatforms.A, "guardian");

        Assert.NotEqual(adult, guardian);
    }

    [Fact]
    public async Task Sub_IsBase64UrlOfAFullHmacSm3()
    {
        var subject = await SubjectAsync(TestPlatforms.B, "adult");

        Assert.Matches("^[A-Za-z0-9_-]{43}$", subject);
    }

    [Fact]
    public async Task Sub_IsNotTheAuthoritysAppScopedId()
    {
        var seen = new List<string>();
        await using var broker = new BrokerHost(fixture.Mock.Address, services: services => TamperingAuthority.Decorate(services, credential =>
        {
            lock (seen)
            {
                seen.Add(credential.AppScopedId!);
            }

            return credential;
        }));
        var driver = new LoginDriver(broker.CreateBrowser(), fixture.Mock);

        var subject = await SubjectAsync(driver, TestPlatforms.A, "adult");

        var appScopedId = Assert.Single(seen);
        Assert.StartsWith("NIA", appScopedId, StringComparison.Ordinal);
        Assert.DoesNotContain(appScopedId, subject, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(appScopedId[3..], subject, StringComparison.OrdinalIgnoreCase);
    }

    private Task<string> SubjectAsync(TestPlatform platform, string persona) => SubjectAsync(fixture.NewDriver(), platform, persona);

    private static async Task<string> SubjectAsync(LoginDriver driver, TestPlatform platform, string persona)
    {
        var request = new AuthorizationRequest(platform);
        var code = LoginDriver.Query(await driver.LoginAsync(request, persona))["code"];
        var tokens = await driver.RedeemAsync(request, code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, platform.ClientId, request.Nonce);
        return idToken.Subject;
    }
}
