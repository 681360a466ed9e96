using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>
/// A consent receipt verifies long after its key left the JWKS, through the key archive
/// (docs/claims.md, "Verifying a receipt later"), and no endpoint ever shows private key material.
/// </summary>
public sealed class KeyArchiveTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Providers => KeyDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Receipt_AfterItsKeyRetiredAndLeftTheJwks_VerifiesThroughTheKeyArchive(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var receipt = await ReceiptAsync(broker);
        var old = KeyEndpoints.Kid(receipt);
        await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);

        // Past the successor's activation and past the longest token lifetime (a day's refresh token).
        clock.Advance(KeyDatabase.PublishAhead + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await broker.MaintainAsync();

        Assert.DoesNotContain(old, await broker.JwksKidsAsync());
        var json = await broker.CreateBrowser().GetStringAsync(new Uri(KeyEndpoints.Archive + "/" + old, UriKind.Relative), Ct);
        var entry = JsonDocument.Parse(json).RootElement;
        Assert.Equal("archived", entry.GetProperty("netid_status").GetString());
        var issuedAt = new JsonWebToken(receipt).GetPayloadValue<long>("iat");
        Assert.InRange(issuedAt, entry.GetProperty("netid_activated_at").GetInt64(), entry.GetProperty("netid_retired_at").GetInt64());
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            ValidIssuer = ProtocolAssert.Issuer,
            ValidAudience = TestPlatforms.Lawful.ClientId,
            IssuerSigningKey = new JsonWebKey(json),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [ReceiptTokens.Type],
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Contains(old, (await broker.ArchiveAsync()).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task KeyArchive_ForAnUnknownKid_Answers404()
    {
        await using var database = KeyDatabase.Create(KeyDatabase.Sqlite);
        await using var broker = database.Start(hosts.Mock.Address, TimeProvider.System);

        using var response = await broker.CreateBrowser().GetAsync(new Uri(KeyEndpoints.Archive + "/sig-0000000000000000", UriKind.Relative), Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Endpoints_WithNextActiveRetiredAndCompromisedKeys_ShowNoPrivateMaterial(string provider)
    {
        await using var database = KeyDatabase.Create(provider);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var broker = database.Start(hosts.Mock.Address, clock);
        var secrets = Secrets(broker);
        await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);
        await broker.Operations().RotateAsync(KeyEndpoints.Encryption, Ct);
        clock.Advance(KeyDatabase.PublishAhead);
        await broker.Operations().RotateAsync(KeyEndpoints.Signing, Ct);
        await broker.MaintainAsync();
        secrets.AddRange(Secrets(broker));
        await broker.Operations().RetireCompromisedAsync(await broker.ActiveKidAsync(KeyEndpoints.Signing), Ct);

        var kids = (await broker.Operations().ListAsync(Ct)).Select(k => k.KeyId).ToList();
        var outputs = new List<string>();
        foreach (var path in new[] { KeyEndpoints.Jwks, KeyEndpoints.Archive, "/.well-known/openid-configuration" }.Concat(kids.Select(k => KeyEndpoints.Archive + "/" + k)))
        {
            using var response = await broker.CreateBrowser().GetAsync(new Uri(path, UriKind.Relative), Ct);
            outputs.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(3, (await broker.JwksKidsAsync()).Count + 1); // one next, one retired; the compromised one gone
        Assert.True(secrets.Count >= 5, "Expected the private parts of at least three signing and two encryption keys.");
        foreach (var output in outputs)
        {
            Assert.DoesNotContain("\"d\"", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"k\"", output, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Jwks_Response_TellsPlatformsHowLongToCacheIt()
    {
        await using var database = KeyDatabase.Create(KeyDatabase.Sqlite);
        await using var broker = database.Start(hosts.Mock.Address, TimeProvider.System);

        using var response = await broker.CreateBrowser().GetAsync(new Uri(KeyEndpoints.Jwks, UriKind.Relative), Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(KeyDatabase.JwksMaxAge, response.Headers.CacheControl.MaxAge);
    }

    /// <summary>The private parts of every key this instance holds, base64url as a JWK would carry them.</summary>
    private static List<string> Secrets(BrokerHost broker)
    {
        var ring = broker.Services.GetRequiredService<KeyRing>().Current;
        var secrets = new List<string>();
        foreach (var key in ring.Signing.Concat(ring.Encryption).Select(k => k.Key).OfType<SecurityKey>())
        {
            secrets.Add(key switch
            {
                ECDsaSecurityKey ecdsa => Base64UrlEncoder.Encode(ecdsa.ECDsa.ExportParameters(includePrivateParameters: true).D),
                SymmetricSecurityKey symmetric => Base64UrlEncoder.Encode(symmetric.Key),
                _ => throw new InvalidOperationException("Unexpected key type " + key.GetType()),
            });
        }

        Assert.All(secrets, s => Assert.True(s.Length >= 40));
        return secrets;
    }

    private async Task<string> ReceiptAsync(BrokerHost broker)
    {
        var driver = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var login = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var tokens = await driver.RedeemAsync(request, login.Code);
        var userInfo = await driver.UserInfoAsync(tokens.AccessToken!);
        return userInfo.GetProperty("netid_consent_receipts").EnumerateArray().Single().GetString()!;
    }
}
