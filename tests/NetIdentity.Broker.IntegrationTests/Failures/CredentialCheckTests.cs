using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// The broker's own checks on a credential whose signature verified (authority-contract §8,
/// points 2–4; CredentialRules): each test runs a broker whose authority client is wrapped so
/// that one field of a genuine, correctly signed credential is changed.
/// </summary>
public sealed class CredentialCheckTests(CredentialCheckTests.Authority authority) : IClassFixture<CredentialCheckTests.Authority>
{
    [Fact]
    public async Task Login_WithCredentialForAnotherOrganisation_ReturnsAccessDeniedNI1105()
    {
        await AssertRefusedAsync(credential => credential with { OrgId = "ORG-OTHER" }, acrValues: null, "NI1105");
    }

    [Fact]
    public async Task Login_WithCredentialInWeakerModeThanAsked_ReturnsAccessDeniedNI1106()
    {
        await AssertRefusedAsync(credential => credential with { Mode = VerificationMode.R01 }, "urn:netidentity:acr:level2", "NI1106");
    }

    [Fact]
    public async Task Login_WithCredentialTenMinutesOld_ReturnsAccessDeniedNI1104()
    {
        await AssertRefusedAsync(credential => credential with { ServiceTime = DateTimeOffset.UtcNow.AddMinutes(-10) }, acrValues: null, "NI1104");
    }

    /// <summary>
    /// The age band is asked on every login; a passed credential without it was treated as an
    /// adult's (no guardian, no minor flag). It fails closed now (issue 8 §4, docs/minors.md).
    /// </summary>
    [Fact]
    public async Task Login_WithPassedCredentialWithoutTheAgeBandAsked_ReturnsAccessDeniedNI1504()
    {
        await AssertRefusedAsync(credential => credential with { AgeBand = null }, acrValues: null, "NI1504");
    }

    private async Task AssertRefusedAsync(Func<AuthorityCredential, AuthorityCredential> rewrite, string? acrValues, string code)
    {
        await using var broker = new BrokerHost(authority.Mock.Address, services: services => TamperingAuthority.Decorate(services, rewrite));
        var driver = new LoginDriver(broker.CreateBrowser(), authority.Mock);
        var request = new AuthorizationRequest(TestPlatforms.A) { AcrValues = acrValues };
        var login = await driver.StartAsync(request);
        var (bizSeq, _) = await driver.FailAsync(login, "adult");

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "access_denied", code);
        ProtocolAssert.FailureLogged(await broker.LatestLogEntryAsync(), TestPlatforms.A, code, bizSeq);
    }

    /// <summary>A mock authority of this class's own.</summary>
    public sealed class Authority : IAsyncLifetime
    {
        private Infrastructure.MockAuthority? _mock;

        internal Infrastructure.MockAuthority Mock => _mock ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync() => _mock = await Infrastructure.MockAuthority.StartAsync();

        public async ValueTask DisposeAsync()
        {
            if (_mock is not null)
            {
                await _mock.DisposeAsync();
            }
        }
    }
}
