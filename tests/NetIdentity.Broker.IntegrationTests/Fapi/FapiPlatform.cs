using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// A platform on the FAPI 2.0 profile: no secret, an EC P-256 key (ES256) and an RSA key (for
/// PS256, and to show that RS256 is refused even with a registered RSA key) for client assertions.
/// </summary>
internal sealed class FapiPlatform : IDisposable
{
    public FapiPlatform(string clientId, int index)
    {
        Platform = new TestPlatform(clientId, string.Empty, $"https://{clientId}.example/callback", clientId + ".example");
        Index = index;
    }

    public TestPlatform Platform { get; }

    public int Index { get; }

    public string ClientId => Platform.ClientId;

    public ECDsa AssertionKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public RSA RsaKey { get; } = RSA.Create(2048);

    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var prefix = $"Platforms:{Index}:";
        var point = AssertionKey.ExportParameters(includePrivateParameters: false).Q;
        var rsa = RsaKey.ExportParameters(includePrivateParameters: false);
        var jwks = $$"""
            {"keys":[
              {"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"ec-1","x":"{{Base64UrlEncoder.Encode(point.X)}}","y":"{{Base64UrlEncoder.Encode(point.Y)}}"},
              {"kty":"RSA","use":"sig","kid":"rsa-1","n":"{{Base64UrlEncoder.Encode(rsa.Modulus)}}","e":"{{Base64UrlEncoder.Encode(rsa.Exponent)}}"}]}
            """;
        yield return new(prefix + "ClientId", ClientId);
        yield return new(prefix + "Profile", "Fapi2");
        yield return new(prefix + "JsonWebKeySet", jwks);
        yield return new(prefix + "DisplayName:Zh", "金融级平台 " + ClientId);
        yield return new(prefix + "DisplayName:En", "FAPI platform " + ClientId);
        yield return new(prefix + "RedirectUris:0", Platform.RedirectUri);
        yield return new(prefix + "SectorIdentifier", Platform.Sector);
        yield return new(prefix + "Scopes:0", "openid");
        yield return new(prefix + "Scopes:1", "netid");
        yield return new(prefix + "Scopes:2", "offline_access");
    }

    public void Dispose()
    {
        AssertionKey.Dispose();
        RsaKey.Dispose();
    }
}
