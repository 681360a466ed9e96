using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Fapi;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Client;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// NetIdentity.Client against the real broker: a platform on the FAPI 2.0 profile logs in with a
/// pushed request, <c>private_key_jwt</c> and DPoP-bound tokens, as the sandbox's demo forum does;
/// one on the default profile still logs in with its secret.
/// </summary>
public sealed class SdkLoginTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_OnFapi2_PushesAndRedeemsWithClientAssertionsAndNoSecret()
    {
        await using var test = await FapiLogin.StartAsync(mock);

        using var callback = await test.Platform.LoginAsync(test.Driver, mock.Mock);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/me", callback.Headers.Location!.OriginalString);
        var push = Assert.Single(test.Platform.Recorder.To("/connect/par"));
        var redeem = test.Platform.Recorder.To("/connect/token")[^1];
        foreach (var request in new[] { push, redeem })
        {
            var form = Form(request.Body);
            Assert.False(form.ContainsKey("client_secret"), request.Body);
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            var assertion = new JsonWebToken(form["client_assertion"]);
            Assert.Equal(("client-authentication+jwt", "ES256", "ec-1"), (assertion.Typ, assertion.Alg, assertion.Kid));
            Assert.Equal((test.Fapi.ClientId, test.Fapi.ClientId), (assertion.Issuer, assertion.Subject));
            Assert.Equal([ProtocolAssert.Issuer], assertion.Audiences);
        }

        Assert.Equal(HttpStatusCode.Created, push.Status);
        Assert.Equal(HttpStatusCode.OK, redeem.Status);
    }

    [Fact]
    public async Task Login_OnFapi2_BindsTheTokensToTheClientsDpopKey()
    {
        await using var test = await FapiLogin.StartAsync(mock);

        using var callback = await test.Platform.LoginAsync(test.Driver, mock.Mock);
        var me = await test.Platform.MeAsync();

        var thumbprint = test.Client.Thumbprint(test.DpopKey);
        Assert.Equal(thumbprint, Form(Assert.Single(test.Platform.Recorder.To("/connect/par")).Body)["dpop_jkt"]);
        var redeem = test.Platform.Recorder.To("/connect/token")[^1];
        var proof = new JsonWebToken(redeem.Headers["DPoP"]);
        Assert.Equal(("dpop+jwt", "POST", FapiClient.TokenUrl), (proof.Typ, proof.GetPayloadValue<string>("htm"), proof.GetPayloadValue<string>("htu")));
        Assert.Equal("DPoP", me.GetProperty("token_type").GetString());
        var introspection = await IntrospectAsync(test, me.GetProperty("access_token").GetString()!);
        Assert.Equal(thumbprint, introspection.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Login_OnFapi2_CallsUserInfoWithTheDpopSchemeAndAProofOfTheToken()
    {
        await using var test = await FapiLogin.StartAsync(mock);

        using var callback = await test.Platform.LoginAsync(test.Driver, mock.Mock);
        var me = await test.Platform.MeAsync();

        var userInfo = Assert.Single(test.Platform.Recorder.To("/connect/userinfo"));
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        var accessToken = me.GetProperty("access_token").GetString()!;
        Assert.Equal("DPoP " + accessToken, userInfo.Headers["Authorization"]);
        var proof = new JsonWebToken(userInfo.Headers["DPoP"]);
        Assert.Equal(("GET", FapiClient.UserInfoUrl), (proof.GetPayloadValue<string>("htm"), proof.GetPayloadValue<string>("htu")));
        Assert.Equal(test.Client.Proof("GET", FapiClient.UserInfoUrl, accessToken, key: test.DpopKey) is { } mine ? new JsonWebToken(mine).GetPayloadValue<string>("ath") : null, proof.GetPayloadValue<string>("ath"));
        Assert.Equal("pass", me.GetProperty("claims").GetProperty("netid_result").GetString());
    }

    [Fact]
    public async Task Login_WhenTheNonceIsUnknown_RetriesTheTokenRequestOnceWithTheBrokersNonceAndANewAssertion()
    {
        await using var test = await FapiLogin.StartAsync(mock);

        // The PAR answer's nonce never reaches the client: its first proof at the token endpoint has none.
        test.Platform.Recorder.Tamper = (request, response) =>
        {
            if (request.RequestUri!.AbsolutePath == "/connect/par")
            {
                response.Headers.Remove("DPoP-Nonce");
            }
        };
        using var callback = await test.Platform.LoginAsync(test.Driver, mock.Mock);
        await test.Platform.MeAsync();

        var redeems = test.Platform.Recorder.To("/connect/token");
        Assert.Equal(2, redeems.Count);
        Assert.Equal(HttpStatusCode.BadRequest, redeems[0].Status);
        Assert.Equal("use_dpop_nonce", JsonDocument.Parse(redeems[0].Answer).RootElement.GetProperty("error").GetString());
        Assert.False(new JsonWebToken(redeems[0].Headers["DPoP"]).TryGetPayloadValue<string>("nonce", out _));
        Assert.Equal(HttpStatusCode.OK, redeems[1].Status);
        Assert.True(new JsonWebToken(redeems[1].Headers["DPoP"]).TryGetPayloadValue<string>("nonce", out var nonce) && nonce.Length > 0);
        Assert.NotEqual(new JsonWebToken(Form(redeems[0].Body)["client_assertion"]).Id, new JsonWebToken(Form(redeems[1].Body)["client_assertion"]).Id);
        Assert.NotEqual(new JsonWebToken(redeems[0].Headers["DPoP"]).Id, new JsonWebToken(redeems[1].Headers["DPoP"]).Id);
        Assert.Equal(Form(redeems[0].Body)["code"], Form(redeems[1].Body)["code"]);
    }

    [Fact]
    public async Task Login_OnTheDefaultProfileWithASecret_StillLogsIn()
    {
        await using var broker = mock.StartBroker();
        var driver = mock.NewDriver(broker);
        await using var platform = await SdkPlatform.StartAsync(broker, "a.example", options =>
        {
            options.ClientId = TestPlatforms.A.ClientId;
            options.ClientSecret = TestPlatforms.A.Secret;
        });

        using var callback = await platform.LoginAsync(driver, mock.Mock);
        var me = await platform.MeAsync();

        Assert.Equal("pass", me.GetProperty("claims").GetProperty("netid_result").GetString());
        Assert.Equal("Bearer", me.GetProperty("token_type").GetString());
        var redeem = Assert.Single(platform.Recorder.To("/connect/token"));
        Assert.False(redeem.Headers.ContainsKey("DPoP"));
        Assert.False(Form(redeem.Body).ContainsKey("client_assertion"));
        Assert.Equal("Bearer " + me.GetProperty("access_token").GetString(), Assert.Single(platform.Recorder.To("/connect/userinfo")).Headers["Authorization"]);
    }

    private static Dictionary<string, string> Form(string body) =>
        QueryHelpers.ParseQuery("?" + body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private static async Task<JsonElement> IntrospectAsync(FapiLogin test, string token)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = test.Fapi.ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = test.Client.Assertion(),
        });
        using var response = await test.Driver.Browser.PostAsync(new Uri("/connect/introspect", UriKind.Relative), content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(root.GetProperty("active").GetBoolean(), body);
        return root;
    }

    /// <summary>A broker with one FAPI 2.0 platform, and that platform built on the SDK with a DPoP key the test knows.</summary>
    private sealed class FapiLogin : IAsyncDisposable
    {
        private FapiLogin(BrokerHost broker, FapiPlatform fapi, LoginDriver driver, SdkPlatform platform, ECDsa dpopKey)
        {
            Broker = broker;
            Fapi = fapi;
            Driver = driver;
            Platform = platform;
            DpopKey = dpopKey;
            Client = new FapiClient(driver.Browser, fapi, TimeProvider.System);
        }

        public BrokerHost Broker { get; }

        public FapiPlatform Fapi { get; }

        public LoginDriver Driver { get; }

        public SdkPlatform Platform { get; }

        public ECDsa DpopKey { get; }

        /// <summary>The platform's own hand, for introspection and reference values.</summary>
        public FapiClient Client { get; }

        public static async Task<FapiLogin> StartAsync(MockAuthorityFixture mock)
        {
            var fapi = new FapiPlatform("platform-sdk", 40);
            var broker = mock.StartBroker(settings: new Dictionary<string, string?>(fapi.Settings()));
            var dpopKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var platform = await SdkPlatform.StartAsync(broker, "platform-sdk.example", options =>
            {
                options.ClientId = fapi.ClientId;
                options.UseFapi2(fapi.AssertionKey, "ec-1");
                options.DpopKey = dpopKey;
            });
            return new FapiLogin(broker, fapi, mock.NewDriver(broker), platform, dpopKey);
        }

        public async ValueTask DisposeAsync()
        {
            await Platform.DisposeAsync();
            Client.Dispose();
            DpopKey.Dispose();
            Fapi.Dispose();
            await Broker.DisposeAsync();
        }
    }
}
