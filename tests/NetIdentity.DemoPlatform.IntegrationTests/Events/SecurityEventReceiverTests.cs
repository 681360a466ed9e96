using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

namespace NetIdentity.DemoPlatform.IntegrationTests.Events;

/// <summary>
/// The forum's push endpoint for security events (RFC 8935): a verified consent withdrawal deletes
/// what the forum kept for the subject under the withdrawn scopes, and only that (docs/events.md),
/// and is acknowledged with 202; anything not proven right is refused with 400 and the error code
/// of RFC 8935 §2.4.
/// </summary>
public sealed class SecurityEventReceiverTests(ForumFixture fixture) : IClassFixture<ForumFixture>
{
    private static readonly Dictionary<string, string> AgeBand = new() { ["netid_age_band"] = "adult", ["netid_minor"] = "false" };

    /// <summary>What the forum keeps for a child under 14 whose guardian granted every scope and the separate consent.</summary>
    private static readonly Dictionary<string, string> Everything = new()
    {
        ["netid_age_band"] = "under_14",
        ["netid_minor"] = "true",
        ["netid_guardian_sub"] = "guardian-sub",
        ["netid_guardian_consented_at"] = "1795000000",
        ["netid_masked_name"] = "张*",
        ["netid_masked_id_number"] = "1****************9",
        ["netid_name"] = "张三",
        ["netid_id_type"] = "resident_id",
        ["netid_id_number"] = "110105201501010019",
        ["netid_consent_receipts"] = "[\"receipt-1\",\"receipt-2\"]",
    };

    private FakeBroker Broker => fixture.Broker;

    private DemoPlatformHost Forum => fixture.Forum;

    [Fact]
    public async Task Push_OfValidConsentWithdrawn_Answers202AndDeletesWhatWasKeptForTheSubject()
    {
        var subject = NewSubject();
        var other = NewSubject();
        Forum.Kept.Save(subject, AgeBand);
        Forum.Kept.Save(other, AgeBand);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Forum.Kept.Find(subject));
        Assert.NotNull(Forum.Kept.Find(other));
        var received = Assert.Single(Forum.Received.All(), e => e.Jti == jti);
        Assert.Equal(subject, received.Subject);
        Assert.Equal(["netid.age"], received.Scopes);
        Assert.Equal(["netid_age_band", "netid_minor"], received.Deleted);
    }

    [Fact]
    public async Task Push_OfIdentityWithdrawal_DeletesThePlaintextOnlyAndLeavesTheAgeBandMaskedValuesAndReceipts()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, Everything);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.identity"]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["netid_id_number", "netid_id_type", "netid_name"], Forum.Received.All().Single(e => e.Jti == jti).Deleted);
        Assert.Equal(Without(Everything, "netid_name", "netid_id_type", "netid_id_number"), Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public async Task Push_OfAgeWithdrawal_DeletesTheAgeBandMinorFlagAndGuardianClaimsOnly()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, Everything);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.age"]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(
            ["netid_age_band", "netid_guardian_consented_at", "netid_guardian_sub", "netid_minor"],
            Forum.Received.All().Single(e => e.Jti == jti).Deleted);
        Assert.Equal(
            Without(Everything, "netid_age_band", "netid_minor", "netid_guardian_sub", "netid_guardian_consented_at"),
            Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public async Task Push_OfAgeAndMaskedWithdrawal_DeletesBothScopesClaimsAndLeavesThePlaintextOfTheSeparateConsent()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, Everything);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.age", "netid.masked"]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(
            ["netid_age_band", "netid_guardian_consented_at", "netid_guardian_sub", "netid_masked_id_number", "netid_masked_name", "netid_minor"],
            Forum.Received.All().Single(e => e.Jti == jti).Deleted);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["netid_consent_receipts"] = Everything["netid_consent_receipts"],
                ["netid_id_number"] = Everything["netid_id_number"],
                ["netid_id_type"] = Everything["netid_id_type"],
                ["netid_name"] = Everything["netid_name"],
            },
            Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public async Task Push_OfWithdrawalOfAScopeNothingWasKeptUnder_DeletesNothingAndIsRecorded()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.masked"]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = Forum.Received.All().Single(e => e.Jti == jti);
        Assert.Equal(["netid.masked"], received.Scopes);
        Assert.Empty(received.Deleted);
        Assert.Equal(AgeBand, Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public async Task Push_OfReplayedJti_Answers202WithoutActingTwice()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);
        var set = Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId);
        using var first = await Forum.PushAsync(set);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        // The person consents again after the withdrawal; the old event arrives once more.
        Forum.Kept.Save(subject, AgeBand);
        using var replay = await Forum.PushAsync(set);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.NotNull(Forum.Kept.Find(subject));
        var received = Assert.Single(Forum.Received.WithdrawalsAbout(subject));
        Assert.Equal(["netid_age_band", "netid_minor"], received.Deleted);
    }

    [Fact]
    public async Task Push_SignedWithAnotherKey_IsInvalidKey()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, signingKey: impostor));

        await AssertRefusedAsync(response, "invalid_key", "The SET's signature does not verify with the broker's keys.");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_SignedWithUnknownKeyId_IsInvalidKey()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(NewSubject(), DemoPlatformHost.ClientId, signingKey: impostor, keyId: "unknown-kid"));

        await AssertRefusedAsync(response, "invalid_key", "The SET's key is not in the broker's JWKS.");
    }

    [Fact]
    public async Task Push_FromAnotherIssuer_IsInvalidIssuer()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, issuer: "https://other-broker.example/"));

        await AssertRefusedAsync(response, "invalid_issuer", "The SET was not issued by the broker this platform logs in with.");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_ForAnotherAudience_IsInvalidAudience()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, "another-forum"));

        await AssertRefusedAsync(response, "invalid_audience", "The SET is not addressed to this platform's client id.");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("at+jwt")]
    public async Task Push_WithWrongTyp_IsInvalidRequest(string type)
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, type: type));

        await AssertRefusedAsync(response, "invalid_request", "The JWS header typ must be secevent+jwt (RFC 8417 §2.3).");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    public async Task Push_WithAnotherAlgorithm_IsInvalidKey(string algorithm)
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Forged.WithAlgorithm(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId), algorithm));

        await AssertRefusedAsync(response, "invalid_key", ExpectedAlgorithmRefusal);
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_OfAnIdTokenSignedByTheBroker_IsInvalidRequest()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        // The broker's own key and claims, but an ID token's typ: explicit typing keeps it from being taken for an event.
        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, type: "JWT"));

        await AssertRefusedAsync(response, "invalid_request", "The JWS header typ must be secevent+jwt (RFC 8417 §2.3).");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_WithLongFormTyp_IsAccepted()
    {
        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(NewSubject(), DemoPlatformHost.ClientId, type: "application/secevent+jwt"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30")]
    [InlineData("a.b.c")]
    public async Task Push_OfSomethingNotAJwt_IsInvalidRequest(string body)
    {
        using var response = await Forum.PushAsync(body);

        await AssertRefusedAsync(response, "invalid_request", "The body is not a JWT: a SET is a signed JWT in compact form (RFC 8417 §2).");
    }

    [Fact]
    public async Task Push_AsAnotherContentType_IsInvalidRequest()
    {
        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(NewSubject(), DemoPlatformHost.ClientId), "application/json");

        await AssertRefusedAsync(response, "invalid_request", "The body must be a SET sent as application/secevent+jwt (RFC 8935 §2).");
    }

    [Fact]
    public async Task Push_OfUnknownEventType_IsInvalidRequest()
    {
        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(NewSubject(), DemoPlatformHost.ClientId, eventType: "https://netidentity.example/secevent/unknown"));

        await AssertRefusedAsync(response, "invalid_request",
            "The SET must carry one event of a type this platform knows: https://netidentity.example/secevent/consent-withdrawn, https://schemas.openid.net/secevent/caep/event-type/session-revoked, https://schemas.openid.net/secevent/ssf/event-type/verification.");
    }

    [Fact]
    public async Task Push_IssuedInTheFuture_IsInvalidRequest()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, issuedAt: DateTimeOffset.UtcNow.AddHours(1)));

        await AssertRefusedAsync(response, "invalid_request", "The SET needs an iat that is not in the future (RFC 8417 §2.2).");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task EventsPage_AfterWithdrawal_ListsTheEventAndTheNamesOfWhatWasDeletedButNoValues()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, new Dictionary<string, string> { ["netid_masked_name"] = "张*", ["netid_age_band"] = "adult" });
        var jti = FakeBroker.NewJti();
        using var push = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.masked"]));
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);

        var page = await Forum.CreateClient().GetStringAsync(new Uri("/events", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains($"data-event=\"{jti}\"", page, StringComparison.Ordinal);
        Assert.Contains(subject, page, StringComparison.Ordinal);
        var row = Html.Section(page, $"data-event=\"{jti}\"", "</tr>");
        Assert.Equal(["netid_masked_name"], Html.Codes(Html.Section(row, "data-event-deleted", "</td>")));
        Assert.Equal(["netid.masked"], Html.Codes(Html.Section(row, "data-event-scopes", "</td>")));
        Assert.DoesNotContain("张*", page, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["netid_age_band"] = "adult" }, Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public async Task Logs_OfHandledAndRefusedEvents_HoldNeitherTheSetNorTheSubject()
    {
        var subject = NewSubject();
        var set = Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId);
        var refused = Broker.ConsentWithdrawnSet(subject, "another-forum");

        using var accepted = await Forum.PushAsync(set);
        using var refusal = await Forum.PushAsync(refused);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.DoesNotContain(Forum.Logs, line => line.Contains(subject, StringComparison.Ordinal)
            || line.Contains(set.Split('.')[1], StringComparison.Ordinal) || line.Contains(refused.Split('.')[1], StringComparison.Ordinal));
    }

    private const string ExpectedAlgorithmRefusal = "The SET's signature does not verify with the broker's keys.";

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string err, string description)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["err", "description"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(err, json.GetProperty("err").GetString());
        Assert.Equal(description, json.GetProperty("description").GetString());
    }

    internal static string NewSubject() => "sub-" + FakeBroker.NewJti();

    private static Dictionary<string, string> Without(Dictionary<string, string> claims, params string[] names) =>
        claims.Where(pair => !names.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value);
}
