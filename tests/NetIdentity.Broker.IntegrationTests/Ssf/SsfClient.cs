using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>An SSF answer: the status, and the JSON body when there is one.</summary>
internal sealed record SsfAnswer(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)
{
    public string? Error => Body?["error"]?.GetValue<string>();

    public string? Description => Body?["error_description"]?.GetValue<string>();
}

/// <summary>A platform calling the broker's SSF endpoints (the receiver side), over the test server.</summary>
internal sealed class SsfClient(HttpClient http, string? token)
{
    public static async Task<string> TokenAsync(HttpClient http, TestPlatform platform, string scope = "ssf.manage")
    {
        using var response = await http.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = platform.ClientId,
                ["client_secret"] = platform.Secret,
                ["scope"] = scope,
            }),
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    public static async Task<SsfClient> ForAsync(BrokerHost host, TestPlatform platform) =>
        new(host.CreateClient(), await TokenAsync(host.CreateClient(), platform));

    public Task<SsfAnswer> CreateAsync(object body) => SendAsync(HttpMethod.Post, "/ssf/streams", body);

    public Task<SsfAnswer> ReadAsync(string? streamId) => SendAsync(HttpMethod.Get, streamId is null ? "/ssf/streams" : $"/ssf/streams?stream_id={Uri.EscapeDataString(streamId)}", null);

    public Task<SsfAnswer> UpdateAsync(object body) => SendAsync(HttpMethod.Patch, "/ssf/streams", body);

    public Task<SsfAnswer> ReplaceAsync(object body) => SendAsync(HttpMethod.Put, "/ssf/streams", body);

    public Task<SsfAnswer> DeleteAsync(string streamId) => SendAsync(HttpMethod.Delete, $"/ssf/streams?stream_id={Uri.EscapeDataString(streamId)}", null);

    public Task<SsfAnswer> StatusAsync(string streamId) => SendAsync(HttpMethod.Get, $"/ssf/status?stream_id={Uri.EscapeDataString(streamId)}", null);

    public Task<SsfAnswer> SetStatusAsync(string streamId, string status, string? reason = null) =>
        SendAsync(HttpMethod.Post, "/ssf/status", new Dictionary<string, string?> { ["stream_id"] = streamId, ["status"] = status, ["reason"] = reason });

    public Task<SsfAnswer> VerifyAsync(string streamId, string? state) =>
        SendAsync(HttpMethod.Post, "/ssf/verify", new Dictionary<string, string?> { ["stream_id"] = streamId, ["state"] = state });

    public Task<SsfAnswer> PollAsync(string streamId, object body) => SendAsync(HttpMethod.Post, $"/ssf/poll/{Uri.EscapeDataString(streamId)}", body);

    /// <summary>Creates a push stream to <paramref name="endpoint"/> requesting <paramref name="events"/>; returns its id.</summary>
    public async Task<string> CreatePushAsync(Uri endpoint, string[] events, string? authorization = null)
    {
        var answer = await CreateAsync(new
        {
            delivery = authorization is null
                ? (object)new { method = "urn:ietf:rfc:8935", endpoint_url = endpoint.AbsoluteUri }
                : new { method = "urn:ietf:rfc:8935", endpoint_url = endpoint.AbsoluteUri, authorization_header = authorization },
            events_requested = events,
        });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return answer.Body!["stream_id"]!.GetValue<string>();
    }

    /// <summary>Creates a poll stream requesting <paramref name="events"/>; returns its id.</summary>
    public async Task<string> CreatePollAsync(string[] events)
    {
        var answer = await CreateAsync(new { delivery = new { method = "urn:ietf:rfc:8936" }, events_requested = events });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return answer.Body!["stream_id"]!.GetValue<string>();
    }

    private async Task<SsfAnswer> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new SsfAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }
}

/// <summary>The event type URIs of the contract.</summary>
internal static class SsfEventTypes
{
    public const string ConsentWithdrawn = "https://netidentity.example/secevent/consent-withdrawn";
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    public const string Push = "urn:ietf:rfc:8935";
    public const string Poll = "urn:ietf:rfc:8936";
}
