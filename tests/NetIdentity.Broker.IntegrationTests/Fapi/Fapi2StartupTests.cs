using NetIdentity.Broker.IntegrationTests.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// A FAPI 2.0 platform that could authenticate another way than <c>private_key_jwt</c> with
/// ES256/PS256 keys is refused at start-up, with a message that says how to fix it.
/// </summary>
public sealed class Fapi2StartupTests
{
    private const string At = "Platforms:7 (platform-fapi-bad)";

    [Fact]
    public void Start_WithFapi2PlatformWithSecret_RefusesWithHowToFix()
    {
        var platform = new TestPlatform("platform-fapi-bad", "platform-fapi-bad-secret-0123456789abcdef", "https://bad.example/callback", "bad.example");
        var settings = new Dictionary<string, string?>(platform.Settings(7)) { ["Platforms:7:Profile"] = "Fapi2" };

        var failures = StartupValidationTests.FailuresOnStart<PlatformCatalogOptions>(settings);

        Assert.Equal(
            [
                $"{At}: a Fapi2 platform authenticates with private_key_jwt only; remove ClientSecret and register JsonWebKeySet.",
                $"{At}: a Fapi2 platform needs JsonWebKeySet, the public keys (EC P-256 for ES256 or RSA for PS256) it signs client assertions with.",
            ],
            failures);
    }

    public static TheoryData<string, string> BadKeys => new()
    {
        { """{"kty":"RSA","alg":"RS256","kid":"k","n":"AQAB","e":"AQAB"}""", $"{At}: JsonWebKeySet key 'k' is not an EC P-256 (ES256) or RSA (PS256) key: FAPI 2.0 allows ES256 and PS256 only." },
        { """{"kty":"oct","kid":"k","k":"c2VjcmV0"}""", $"{At}: JsonWebKeySet key 'k' contains private or symmetric key material; register public keys only." },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Start_WithFapi2PlatformWithUnfitKey_RefusesWithItsMessage(string key, string expected)
    {
        var platform = new TestPlatform("platform-fapi-bad", string.Empty, "https://bad.example/callback", "bad.example");
        var settings = new Dictionary<string, string?>(platform.Settings(7))
        {
            ["Platforms:7:Profile"] = "Fapi2",
            ["Platforms:7:JsonWebKeySet"] = $$"""{"keys":[{{key}}]}""",
        };
        settings.Remove("Platforms:7:ClientSecret");

        var failures = StartupValidationTests.FailuresOnStart<PlatformCatalogOptions>(settings);

        Assert.Contains(expected, failures);
    }
}
