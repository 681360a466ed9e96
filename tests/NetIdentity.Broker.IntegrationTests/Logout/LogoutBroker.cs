using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Logout;

/// <summary>
/// A broker for the back-channel logout tests: <see cref="TestPlatforms.Lawful"/> and
/// <see cref="TestPlatforms.Ordinary"/> registered with a back-channel logout URI at an
/// <see cref="EventReceiver"/> answering 200, a short outbox poll. Every other platform has none.
/// </summary>
internal static class LogoutBroker
{
    public static BrokerHost Start(MockAuthorityFixture hosts, EventReceiver receiver, bool ordinaryToo = true, IDictionary<string, string?>? extra = null)
    {
        receiver.Status = 200;
        var settings = new Dictionary<string, string?>
        {
            ["Broker:OutboxPollInterval"] = "00:00:00.100",
            [$"Platforms:{TestPlatforms.LawfulIndex}:BackChannelLogoutUri"] = receiver.Endpoint.AbsoluteUri,
        };
        if (ordinaryToo)
        {
            settings[$"Platforms:{TestPlatforms.OrdinaryIndex}:BackChannelLogoutUri"] = receiver.Endpoint.AbsoluteUri;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return hosts.StartBroker(settings: settings);
    }

    /// <summary>Logs in at <paramref name="platform"/> (no consent scope) and redeems the code.</summary>
    public static async Task<(TokenResponse Tokens, JsonWebToken IdToken)> LoginAsync(LoginDriver driver, TestPlatform platform, string scope = "openid netid")
    {
        var request = new AuthorizationRequest(platform) { Scope = scope };
        var landing = await driver.LoginAsync(request);
        var tokens = await driver.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, platform.ClientId, request.Nonce);
        return (tokens, idToken);
    }

    /// <summary>The logout tokens the receiver got, in order: each the <c>logout_token</c> form field of a form POST.</summary>
    public static IReadOnlyList<string> LogoutTokens(this EventReceiver receiver) =>
        [.. receiver.Requests.Select(r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.StartsWith("application/x-www-form-urlencoded", r.ContentType, StringComparison.Ordinal);
            var form = QueryHelpers.ParseQuery(r.Body);
            return Assert.Single(form["logout_token"])!;
        })];

    /// <summary>Verifies a logout token's signature against the broker's JWKS, as a platform does; returns it.</summary>
    public static async Task<JsonWebToken> VerifyAsync(HttpClient broker, string token, string audience)
    {
        var jwks = new JsonWebKeySet(await broker.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = ["logout+jwt"],
            ValidateLifetime = true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    public static async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(this BrokerHost broker) =>
        await broker.Services.GetRequiredService<IEventOutbox>().ListAsync(new OutboxQuery(null, null, 100), TestContext.Current.CancellationToken);

    /// <summary>The events member of a token's payload.</summary>
    public static JsonElement Events(JsonWebToken token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.GetProperty("events").Clone();
}
