using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>
/// The ledger is read once per login for standing grants; the receipts travel with the login, so
/// the code step reads nothing (issue 8 §5: it was read seven times in a two-consent login).
/// </summary>
public sealed class LedgerReadTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Login_WithOrdinaryAndSeparateConsent_ReadsTheLedgerOnceAndStillCarriesEveryReceipt()
    {
        var reads = new ReadCounter();
        await using var broker = hosts.StartBroker(services => Decorate(services, reads));
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age netid.masked netid.identity" };

        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age", "netid.masked"], separateConsent: true);
        var tokens = await driver.RedeemAsync(request, login.Code);

        Assert.Equal(["consent", "identity-consent"], login.Screens);
        Assert.Equal(1, reads.Count);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        Assert.Equal(2, userInfo.GetProperty("netid_consent_receipts").GetArrayLength());
    }

    private static void Decorate(IServiceCollection services, ReadCounter reads)
    {
        var original = services.Last(d => d.ServiceType == typeof(IConsentLedger));
        services.Remove(original);
        services.AddSingleton<IConsentLedger>(provider => new CountingLedger(
            (IConsentLedger)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)),
            reads));
    }

    private sealed class ReadCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingLedger(IConsentLedger inner, ReadCounter reads) : IConsentLedger
    {
        public Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken) => inner.AppendAsync(record, cancellationToken);

        public Task<IReadOnlyList<ConsentRecord>> ForPersonAsync(string personKey, CancellationToken cancellationToken) => inner.ForPersonAsync(personKey, cancellationToken);

        public Task<IReadOnlyList<ConsentRecord>> ForPlatformAsync(string personKey, string clientId, CancellationToken cancellationToken)
        {
            reads.Add();
            return inner.ForPlatformAsync(personKey, clientId, cancellationToken);
        }
    }
}
