using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// The discovery document (OIDC Discovery §3) advertises exactly the profile the broker
/// enforces: code flow with PKCE S256, pairwise subjects, ES256 ID tokens, the three assurance
/// levels, RFC 9207 issuer identification, PAR and DPoP (RFC 9449 §5.1); client credentials only
/// for a platform's SSF stream (scope ssf.manage, docs/events.md).
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class DiscoveryTests(BrokerFixture fixture)
{
    public static TheoryData<string, string> Metadata => new()
    {
        { "subject_types_supported", """["pairwise"]""" },
        { "code_challenge_methods_supported", """["S256"]""" },
        { "response_types_supported", """["code"]""" },
        { "grant_types_supported", """["authorization_code","refresh_token","client_credentials"]""" },
        { "acr_values_supported", """["urn:netidentity:acr:level1","urn:netidentity:acr:level2","urn:netidentity:acr:level3"]""" },
        { "authorization_response_iss_parameter_supported", "true" },
        { "id_token_signing_alg_values_supported", """["ES256"]""" },
        { "pushed_authorization_request_endpoint", "\"http://localhost/connect/par\"" },
        { "netid_key_archive_uri", "\"http://localhost/.well-known/netidentity/key-archive\"" },
        { "dpop_signing_alg_values_supported", """["ES256","PS256"]""" },
    };

    [Theory]
    [MemberData(nameof(Metadata))]
    public async Task Discovery_ForMember_AdvertisesTheEnforcedValue(string member, string expectedJson)
    {
        var document = JsonDocument.Parse(await fixture.Broker.CreateBrowser().GetStringAsync(
            new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken));

        var value = document.RootElement.GetProperty(member);

        Assert.Equal(expectedJson, JsonSerializer.Serialize(value));
    }
}
