using System.Net;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Keys;

public sealed class KeysEndpointTests(SharedMockAuthority shared)
{
    private MockAuthorityHost Mock => shared.Host;

    [Fact]
    public async Task Keys_InDevelopment_PublishTheFixedSigningAndEncryptionKeys()
    {
        var response = await Mock.Tester.GetAsync("/v1/keys", TestContext.Current.CancellationToken);

        response.AssertStatus(HttpStatusCode.OK);
        var keys = response.Json.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("use").GetString()!);
        Assert.Equal(TestKeys.SigningKeyId, keys["sig"].GetProperty("kid").GetString());
        Assert.Equal("SM2-SM3", keys["sig"].GetProperty("alg").GetString());
        Assert.Equal("1234567812345678", keys["sig"].GetProperty("distinguishingId").GetString());
        Assert.Equal(TestKeys.SigningKey, Sm2PublicKey.FromPem(keys["sig"].GetProperty("publicKeyPem").GetString()!));
        Assert.Equal(TestKeys.EncryptionKeyId, keys["enc"].GetProperty("kid").GetString());
        Assert.Equal("SM2-ENVELOPE", keys["enc"].GetProperty("alg").GetString());
        Assert.Equal(TestKeys.EncryptionKey, Sm2PublicKey.FromPem(keys["enc"].GetProperty("publicKeyPem").GetString()!));
    }

    [Fact]
    public async Task Keys_Always_AreUnsignedPlainJson()
    {
        var response = await Mock.Tester.GetAsync("/v1/keys", TestContext.Current.CancellationToken);

        Assert.Equal("application/json", response.MediaType);
        Assert.False(response.Json.TryGetProperty("signature", out _));
    }

    [Fact]
    public async Task Healthz_WhenRunning_AnswersHealthy()
    {
        var response = await Mock.Tester.GetAsync("/healthz", TestContext.Current.CancellationToken);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Healthy", response.Body);
    }
}
