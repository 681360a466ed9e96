using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// A consent withdrawal reaches the platform as a Security Event Token (RFC 8417) pushed over HTTP
/// (RFC 8935), signed with the broker's published key and carrying the pairwise subject only
/// (PRODUCT, "Separate consent and plaintext release"; docs/events.md).
/// </summary>
public sealed class SecurityEventTokenTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConsentWithdrawn_ForPlatformWithEndpoint_IsDeliveredWithinSeconds()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        var jti = await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-1", ["netid.age"], "consent-1");

        Assert.NotNull(jti);
        Assert.True(await receiver.WaitForRequestsAsync(1, Bounded), "The event was not pushed within " + Bounded);
        var delivered = await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(0, delivered.Attempts); // no failed attempt
        Assert.Null(delivered.LastError);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Push_OfConsentWithdrawn_PostsTheSetAsSeceventJwtAcceptingJson()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-2", ["netid.age"], "consent-2");

        Assert.True(await receiver.WaitForRequestsAsync(1, Bounded));
        var push = Assert.Single(receiver.Requests);
        Assert.Equal("POST", push.Method);
        Assert.Equal("application/secevent+jwt", push.ContentType);
        Assert.Equal("application/json", push.Accept);
        Assert.Equal(3, push.Body.Split('.').Length);
    }

    [Fact]
    public async Task Set_OfConsentWithdrawn_VerifiesAgainstJwksAndCarriesExactlyTheContract()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        string[] scopes = ["netid.age", "netid.masked"];

        var jti = await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-3", scopes, "consent-3");
        Assert.True(await receiver.WaitForRequestsAsync(1, Bounded));
        var set = await ValidateAsync(broker, Assert.Single(receiver.Requests).Body, EventsBroker.Listening.ClientId);

        Assert.Equal("secevent+jwt", set.Typ);
        Assert.Equal("ES256", set.Alg);
        Assert.Equal(broker.Services.GetRequiredService<KeyRing>().ActiveSigning.Key.KeyId, set.Kid);
        Assert.Equal(["aud", "events", "iat", "iss", "jti"], IdTokens.ClaimNames(set));
        Assert.Equal(jti, set.Id);
        Assert.InRange(set.IssuedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(5));

        var events = Payload(set).GetProperty("events");
        Assert.Equal([SecurityEvents.ConsentWithdrawn], events.EnumerateObject().Select(e => e.Name));
        var withdrawn = events.GetProperty(SecurityEvents.ConsentWithdrawn);
        Assert.Equal(["consent_id", "scopes", "subject", "withdrawn_at"], withdrawn.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var subject = withdrawn.GetProperty("subject");
        Assert.Equal(["format", "iss", "sub"], subject.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("iss_sub", subject.GetProperty("format").GetString());
        Assert.Equal("http://localhost/", subject.GetProperty("iss").GetString());
        Assert.Equal("pairwise-sub-3", subject.GetProperty("sub").GetString());
        Assert.Equal(scopes, withdrawn.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("consent-3", withdrawn.GetProperty("consent_id").GetString());
        Assert.Equal(JsonValueKind.Number, withdrawn.GetProperty("withdrawn_at").ValueKind);

        // iat is when this delivery was signed; the withdrawal happened at withdrawn_at, just before.
        var withdrawnAt = withdrawn.GetProperty("withdrawn_at").GetInt64();
        Assert.InRange(set.GetPayloadValue<long>("iat"), withdrawnAt, withdrawnAt + (long)Bounded.TotalSeconds);
    }

    [Fact]
    public async Task Set_ForAnotherAudience_DoesNotValidate()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-4", ["netid.age"], "consent-4");
        Assert.True(await receiver.WaitForRequestsAsync(1, Bounded));
        var result = await ValidateCoreAsync(broker, Assert.Single(receiver.Requests).Body, EventsBroker.Quiet.ClientId);

        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task ConsentWithdrawn_ForPlatformWithoutEndpoint_EnqueuesNothingAndSaysSo()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        var jti = await broker.WithdrawAsync(EventsBroker.Quiet, "pairwise-sub-5", ["netid.age"], "consent-5");

        Assert.Null(jti);
        var queued = await broker.Services.GetRequiredService<Core.Consent.IEventOutbox>().ListAsync(new Core.Consent.OutboxQuery(null, null, 100), Ct);
        Assert.DoesNotContain(queued, m => m.ClientId == EventsBroker.Quiet.ClientId);
        Assert.Contains(broker.Logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal)
            && line.Contains("[5101]", StringComparison.Ordinal) && line.Contains(EventsBroker.Quiet.ClientId, StringComparison.Ordinal));
        await Task.Delay(EventsBroker.PollInterval * 3, Ct);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Logs_OfDeliveredEvent_HoldNeitherTheSetNorTheSubject()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        var jti = await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-secret-6", ["netid.age"], "consent-6");
        await broker.WaitForAsync(jti!, m => m.DeliveredAt is not null, Bounded);

        var body = Assert.Single(receiver.Requests).Body;
        Assert.Contains(broker.Logs.Lines, line => line.Contains("[5103]", StringComparison.Ordinal) && line.Contains(jti!, StringComparison.Ordinal));
        Assert.DoesNotContain(broker.Logs.Lines, line => line.Contains(body, StringComparison.Ordinal)
            || line.Contains(body.Split('.')[1], StringComparison.Ordinal) || line.Contains("pairwise-sub-secret-6", StringComparison.Ordinal));
    }

    internal static async Task<JsonWebToken> ValidateAsync(BrokerHost broker, string set, string audience)
    {
        var result = await ValidateCoreAsync(broker, set, audience);
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private static async Task<TokenValidationResult> ValidateCoreAsync(BrokerHost broker, string set, string audience)
    {
        var jwks = new JsonWebKeySet(await broker.CreateBrowser().GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative), Ct));
        return await new JsonWebTokenHandler().ValidateTokenAsync(set, new TokenValidationParameters
        {
            ValidIssuer = EventsBroker.Issuer.AbsoluteUri,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = ["secevent+jwt"],
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
    }

    internal static JsonElement Payload(JsonWebToken token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.Clone();
}
