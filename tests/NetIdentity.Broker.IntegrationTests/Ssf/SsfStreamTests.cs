using System.Net;
using System.Text.Json.Nodes;
using NetIdentity.Broker.IntegrationTests.Events;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>
/// The broker as an SSF 1.0 transmitter, through the real broker (issue 12 §1): metadata, the
/// stream management API, its authentication, one platform's isolation from another's stream, and
/// the refusal of push endpoints nobody registered (SSRF).
/// </summary>
public sealed class SsfStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metadata_DescribesTheTransmitter()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        var metadata = JsonNode.Parse(await broker.CreateClient().GetStringAsync(new Uri("/.well-known/ssf-configuration", UriKind.Relative), Ct))!;

        Assert.Equal("1_0", metadata["spec_version"]!.GetValue<string>());
        Assert.Equal("http://localhost/", metadata["issuer"]!.GetValue<string>());
        Assert.Equal("http://localhost/.well-known/jwks", metadata["jwks_uri"]!.GetValue<string>());
        Assert.Equal([SsfEventTypes.Push, SsfEventTypes.Poll], metadata["delivery_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("http://localhost/ssf/streams", metadata["configuration_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/ssf/status", metadata["status_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/ssf/verify", metadata["verification_endpoint"]!.GetValue<string>());
        Assert.Equal("ALL", metadata["default_subjects"]!.GetValue<string>());
        Assert.Equal(["urn:ietf:rfc:6749", "urn:ietf:rfc:9449"], metadata["authorization_schemes"]!.AsArray().Select(s => s!["spec_urn"]!.GetValue<string>()));
        Assert.Null(metadata["add_subject_endpoint"]);
        Assert.Null(metadata["remove_subject_endpoint"]);
    }

    /// <summary>SSF 1.0 §7.2: for the issuer https://h/p/ the metadata is at https://h/.well-known/ssf-configuration/p.</summary>
    [Fact]
    public async Task Metadata_ForAnIssuerWithAPath_IsServedAfterTheWellKnownSegment_ForThatPathOnly()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint, extra: new Dictionary<string, string?> { ["Broker:Issuer"] = "http://localhost/netid/" });
        var client = broker.CreateClient();

        var metadata = JsonNode.Parse(await client.GetStringAsync(new Uri("/.well-known/ssf-configuration/netid", UriKind.Relative), Ct))!;
        using var other = await client.GetAsync(new Uri("/.well-known/ssf-configuration/other", UriKind.Relative), Ct);

        Assert.Equal("http://localhost/netid/", metadata["issuer"]!.GetValue<string>());
        Assert.Equal("http://localhost/netid/.well-known/jwks", metadata["jwks_uri"]!.GetValue<string>());
        Assert.Equal("http://localhost/netid/ssf/streams", metadata["configuration_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/netid/ssf/status", metadata["status_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/netid/ssf/verify", metadata["verification_endpoint"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("not_found", JsonNode.Parse(await other.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_WithAPathForAnIssuerWithout_IsNotFound()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        using var answer = await broker.CreateClient().GetAsync(new Uri("/.well-known/ssf-configuration/netid", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task Stream_CreateReadUpdateReplaceDelete_FollowsSsf()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);

        var created = await ssf.CreateAsync(new
        {
            delivery = new { method = SsfEventTypes.Push, endpoint_url = receiver.Endpoint.AbsoluteUri, authorization_header = "Bearer receiver-secret" },
            events_requested = new[] { SsfEventTypes.SessionRevoked, "https://example.com/unknown-event" },
            description = "forum stream",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body!["stream_id"]!.GetValue<string>();
        Assert.Equal("http://localhost/", created.Body["iss"]!.GetValue<string>());
        Assert.Equal(EventsBroker.Listening.ClientId, created.Body["aud"]!.GetValue<string>());
        Assert.Equal([SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked], Strings(created.Body["events_supported"]));
        Assert.Equal([SsfEventTypes.SessionRevoked, "https://example.com/unknown-event"], Strings(created.Body["events_requested"]));
        Assert.Equal([SsfEventTypes.SessionRevoked], Strings(created.Body["events_delivered"]));
        Assert.Equal(SsfEventTypes.Push, created.Body["delivery"]!["method"]!.GetValue<string>());
        Assert.Equal(receiver.Endpoint.AbsoluteUri, created.Body["delivery"]!["endpoint_url"]!.GetValue<string>());
        Assert.Null(created.Body["delivery"]!["authorization_header"]);
        Assert.Equal(30, created.Body["min_verification_interval"]!.GetValue<int>());
        Assert.Equal("forum stream", created.Body["description"]!.GetValue<string>());

        var read = await ssf.ReadAsync(id);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.Body.ToJsonString(), read.Body!.ToJsonString());
        var all = await ssf.ReadAsync(null);
        Assert.Equal(id, Assert.Single(all.Body!.AsArray())!["stream_id"]!.GetValue<string>());

        var updated = await ssf.UpdateAsync(new { stream_id = id, events_requested = new[] { SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked } });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal([SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked], Strings(updated.Body!["events_delivered"]));
        Assert.Equal("forum stream", updated.Body["description"]!.GetValue<string>());
        Assert.Equal(SsfEventTypes.Push, updated.Body["delivery"]!["method"]!.GetValue<string>());

        var replaced = await ssf.ReplaceAsync(new { stream_id = id, delivery = new { method = SsfEventTypes.Poll } });
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(SsfEventTypes.Poll, replaced.Body!["delivery"]!["method"]!.GetValue<string>());
        Assert.Equal($"http://localhost/ssf/poll/{id}", replaced.Body["delivery"]!["endpoint_url"]!.GetValue<string>());
        Assert.Empty(Strings(replaced.Body["events_requested"]));
        Assert.Null(replaced.Body["description"]);

        Assert.Equal(HttpStatusCode.NoContent, (await ssf.DeleteAsync(id)).Status);
        var gone = await ssf.ReadAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("not_found", gone.Error);
        Assert.Empty((await ssf.ReadAsync(null)).Body!.AsArray());
    }

    [Fact]
    public async Task Stream_SecondCreate_IsAConflict()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        await ssf.CreatePollAsync([SsfEventTypes.SessionRevoked]);

        var second = await ssf.CreateAsync(new { delivery = new { method = SsfEventTypes.Poll } });

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("stream_exists", second.Error);
    }

    [Fact]
    public async Task Stream_OfAnotherPlatform_IsNotFoundForEveryOperation()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var owner = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var id = await owner.CreatePollAsync([SsfEventTypes.SessionRevoked]);
        var other = await SsfClient.ForAsync(broker, EventsBroker.Quiet);

        var answers = new[]
        {
            await other.ReadAsync(id),
            await other.UpdateAsync(new { stream_id = id, description = "mine now" }),
            await other.ReplaceAsync(new { stream_id = id, delivery = new { method = SsfEventTypes.Poll } }),
            await other.DeleteAsync(id),
            await other.StatusAsync(id),
            await other.SetStatusAsync(id, "disabled"),
            await other.VerifyAsync(id, "probe"),
            await other.PollAsync(id, new { maxEvents = 10 }),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("not_found", a.Error);
            Assert.Equal("This platform has no stream with that id.", a.Description);
        });
        Assert.Empty((await other.ReadAsync(null)).Body!.AsArray());
        var mine = await owner.ReadAsync(id);
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Null(mine.Body!["description"]);
        Assert.Equal("enabled", (await owner.StatusAsync(id)).Body!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:5000/connect/token")]
    [InlineData("https://attacker.example/events")]
    public async Task Stream_PushToAnUnregisteredEndpoint_IsRefused(string endpoint)
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);

        var created = await ssf.CreateAsync(new { delivery = new { method = SsfEventTypes.Push, endpoint_url = endpoint } });

        Assert.Equal(HttpStatusCode.BadRequest, created.Status);
        Assert.Equal("invalid_request", created.Error);
        Assert.Equal(
            "'delivery.endpoint_url' is not a push endpoint registered for this platform (BackChannelEventUri or SsfPushEndpoints); ask the broker's operator to register it.",
            created.Description);
        Assert.Empty((await ssf.ReadAsync(null)).Body!.AsArray());
    }

    [Fact]
    public async Task Stream_UpdateToAnUnregisteredEndpoint_IsRefusedAndKeepsTheStream()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var id = await ssf.CreatePushAsync(receiver.Endpoint, [SsfEventTypes.SessionRevoked]);

        var updated = await ssf.UpdateAsync(new { stream_id = id, delivery = new { method = SsfEventTypes.Push, endpoint_url = "http://169.254.169.254/" } });

        Assert.Equal(HttpStatusCode.BadRequest, updated.Status);
        Assert.Equal("invalid_request", updated.Error);
        Assert.Equal(receiver.Endpoint.AbsoluteUri, (await ssf.ReadAsync(id)).Body!["delivery"]!["endpoint_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_PushToAnAllowlistedEndpoint_IsAccepted()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(
            receiver.Endpoint,
            extra: new Dictionary<string, string?> { ["Platforms:8:SsfPushEndpoints:0"] = "https://quiet.example/ssf" });
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Quiet);

        var created = await ssf.CreateAsync(new { delivery = new { method = SsfEventTypes.Push, endpoint_url = "https://quiet.example/ssf" } });

        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Fact]
    public async Task Endpoints_WithoutAToken_Answer401WithABearerChallenge()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var anonymous = new SsfClient(broker.CreateClient(), token: null);

        var answer = await anonymous.ReadAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("Bearer realm=\"ssf\", scope=\"ssf.manage\"", answer.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("invalid_request", answer.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.CreateAsync(new { delivery = new { method = SsfEventTypes.Poll } })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PollAsync("any", new { })).Status);
    }

    [Fact]
    public async Task Endpoints_WithAForgedToken_Answer401InvalidToken()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var forged = new SsfClient(broker.CreateClient(), token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJwbGF0Zm9ybS1ldmVudHMifQ.");

        var answer = await forged.ReadAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_token", answer.Error);
        Assert.Equal("The access token is not valid: expired, revoked, or not issued by this broker.", answer.Description);
    }

    [Fact]
    public async Task ClientCredentials_WithoutTheSsfScope_IsRefusedAtTheTokenEndpoint()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        using var response = await broker.CreateClient().PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = EventsBroker.Listening.ClientId,
                ["client_secret"] = EventsBroker.Listening.Secret,
                ["scope"] = "netid",
            }),
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("invalid_scope", body["error"]!.GetValue<string>());
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(e => e!.GetValue<string>())];
}
