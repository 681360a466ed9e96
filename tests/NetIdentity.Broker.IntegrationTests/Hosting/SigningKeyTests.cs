using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// Signing keys live in the database (TokenKeys), so every instance on one database signs with
/// the same key and a restart invalidates nothing (PRODUCT.md, "Where it runs").
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class SigningKeyTests(BrokerFixture fixture)
{
    [Fact]
    public async Task Jwks_OfSecondInstanceOnSameDatabase_PublishesSameKey()
    {
        await using var second = new BrokerHost(fixture.Mock.Address, databaseDirectory: fixture.Broker.DatabaseDirectory);

        var kids = await KeyIdsAsync(second);

        Assert.Equal(await KeyIdsAsync(fixture.Broker), kids);
    }

    [Fact]
    public async Task IdToken_FromFirstInstance_ValidatesAgainstSecondInstancesJwks()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(await driver.LoginAsync(request))["code"]);
        await using var second = new BrokerHost(fixture.Mock.Address, databaseDirectory: fixture.Broker.DatabaseDirectory);

        var idToken = await IdTokens.ValidateAsync(second.CreateBrowser(), tokens.IdToken!, request.Platform.ClientId, request.Nonce);

        Assert.Equal("pass", idToken.GetPayloadValue<string>("netid_result"));
    }

    [Fact]
    public async Task Jwks_OfInstanceOnAnotherDatabase_PublishesAnotherKey()
    {
        await using var other = new BrokerHost(fixture.Mock.Address);

        var kids = await KeyIdsAsync(other);

        Assert.NotEqual(await KeyIdsAsync(fixture.Broker), kids);
    }

    private static async Task<List<string>> KeyIdsAsync(BrokerHost broker)
    {
        var jwks = JsonDocument.Parse(await broker.CreateBrowser().GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative), TestContext.Current.CancellationToken));
        var kids = jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
        Assert.NotEmpty(kids);
        return kids;
    }
}
