using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client.Tests;

/// <summary>Receipts verify against the JWKS, or the key archive within the key's window; everything else is refused.</summary>
public sealed class ConsentReceiptVerifierTests
{
    private const string Issuer = "https://broker.example/";
    private const string ClientId = "platform-a";
    private const long Activated = 1_790_000_000;
    private const long Retired = 1_795_000_000;

    [Fact]
    public async Task Verify_ReceiptSignedByAKeyInTheJwks_Verifies()
    {
        var broker = new FakeBroker();
        var key = broker.Publish("k1");

        var result = await Verifier(broker).VerifyAsync(Receipt(key, Retired + 10), ClientId, TestContext.Current.CancellationToken);

        Assert.True(result.IsValid);
        Assert.Equal("consent-1", result.Receipt!.Id);
    }

    [Fact]
    public async Task Verify_ReceiptOfAnArchivedKeyWithinItsWindow_Verifies()
    {
        var broker = new FakeBroker();
        var key = broker.Archive("old", "archived", Activated, Retired);

        var result = await Verifier(broker).VerifyAsync(Receipt(key, Retired - 10), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.None, result.Failure);
    }

    [Theory]
    [InlineData(Activated - 1)]
    [InlineData(Retired + 1)]
    public async Task Verify_ReceiptDatedOutsideItsArchivedKeysWindow_IsRefusedAsForged(long issuedAt)
    {
        var broker = new FakeBroker();
        var key = broker.Archive("old", "archived", Activated, Retired);

        var result = await Verifier(broker).VerifyAsync(Receipt(key, issuedAt), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.OutsideKeyWindow, result.Failure);
        Assert.Null(result.Receipt);
    }

    [Fact]
    public async Task Verify_ReceiptOfACompromisedKey_IsRefused()
    {
        var broker = new FakeBroker();
        var key = broker.Archive("bad", "compromised", Activated, Retired);

        var result = await Verifier(broker).VerifyAsync(Receipt(key, Retired - 10), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.CompromisedKey, result.Failure);
    }

    [Fact]
    public async Task Verify_ReceiptOfAKeyNobodyKnows_IsRefused()
    {
        var broker = new FakeBroker();
        broker.Publish("k1");

        var result = await Verifier(broker).VerifyAsync(Receipt(NewKey("stranger"), Retired), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.UnknownKey, result.Failure);
    }

    [Fact]
    public async Task Verify_ReceiptForAnotherPlatform_IsRefused()
    {
        var broker = new FakeBroker();
        var key = broker.Publish("k1");

        var result = await Verifier(broker).VerifyAsync(Receipt(key, Retired), "platform-b", TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.Invalid, result.Failure);
    }

    [Fact]
    public async Task Verify_ReceiptSignedByAnotherKeyUnderAKnownKid_IsRefused()
    {
        var broker = new FakeBroker();
        broker.Publish("k1");

        var result = await Verifier(broker).VerifyAsync(Receipt(NewKey("k1"), Retired), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.Invalid, result.Failure);
    }

    [Theory]
    [InlineData("not a jwt")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiY29uc2VudC1yZWNlaXB0K2p3dCJ9.eyJpc3MiOiJodHRwczovL2Jyb2tlci5leGFtcGxlLyJ9.")]
    public async Task Verify_Malformed_IsRefused(string receipt)
    {
        var result = await Verifier(new FakeBroker()).VerifyAsync(receipt, ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.Malformed, result.Failure);
    }

    [Fact]
    public async Task Verify_IdTokenInsteadOfAReceipt_IsRefused()
    {
        var broker = new FakeBroker();
        var key = broker.Publish("k1");

        var result = await Verifier(broker).VerifyAsync(Receipt(key, Retired, type: "JWT"), ClientId, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentReceiptFailure.Malformed, result.Failure);
    }

    private static ConsentReceiptVerifier Verifier(FakeBroker broker) => new(new HttpClient(broker), new Uri(Issuer));

    private static ECDsaSecurityKey NewKey(string kid) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = kid };

    private static string Receipt(ECDsaSecurityKey key, long issuedAt, string type = ConsentReceiptVerifier.ReceiptType) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAt).UtcDateTime,
            TokenType = type,
            Claims = new Dictionary<string, object> { ["jti"] = "consent-1", ["sub"] = "s" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });

    /// <summary>The broker's discovery document, JWKS and key archive, in memory.</summary>
    private sealed class FakeBroker : HttpMessageHandler
    {
        private readonly JsonArray _jwks = [];
        private readonly Dictionary<string, JsonObject> _archive = new(StringComparer.Ordinal);

        public ECDsaSecurityKey Publish(string kid)
        {
            var key = NewKey(kid);
            _jwks.Add(Jwk(key));
            return key;
        }

        public ECDsaSecurityKey Archive(string kid, string status, long activatedAt, long retiredAt)
        {
            var key = NewKey(kid);
            var jwk = Jwk(key);
            jwk["netid_status"] = status;
            jwk["netid_activated_at"] = activatedAt;
            jwk["netid_retired_at"] = retiredAt;
            if (status == "compromised")
            {
                jwk["netid_compromised_at"] = retiredAt;
            }

            _archive[kid] = jwk;
            return key;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = path switch
            {
                "/.well-known/openid-configuration" => new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = Issuer + ".well-known/jwks",
                    ["netid_key_archive_uri"] = Issuer + ".well-known/netidentity/key-archive",
                }.ToJsonString(),
                "/.well-known/jwks" => new JsonObject { ["keys"] = _jwks.DeepClone() }.ToJsonString(),
                _ when path.StartsWith("/.well-known/netidentity/key-archive/", StringComparison.Ordinal)
                    && _archive.TryGetValue(path["/.well-known/netidentity/key-archive/".Length..], out var jwk) => jwk.ToJsonString(),
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }

        private static JsonObject Jwk(ECDsaSecurityKey key)
        {
            var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
            return new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = jwk.X, ["y"] = jwk.Y, ["kid"] = key.KeyId, ["use"] = "sig", ["alg"] = "ES256" };
        }
    }
}
