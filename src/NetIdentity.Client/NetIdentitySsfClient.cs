using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetIdentity.Client;

/// <summary>A platform's SSF stream at the broker, as the broker describes it (SSF 1.0 §8.1.1).</summary>
/// <param name="StreamId">The stream id.</param>
/// <param name="Method">The delivery method: <c>urn:ietf:rfc:8935</c> (push) or <c>urn:ietf:rfc:8936</c> (poll).</param>
/// <param name="EndpointUrl">Push: the platform's endpoint; poll: the broker's poll endpoint for the stream.</param>
/// <param name="EventsDelivered">The event types the stream carries.</param>
public sealed record NetIdentityStreamConfiguration(string StreamId, string Method, Uri EndpointUrl, IReadOnlyList<string> EventsDelivered);

/// <summary>What one <see cref="NetIdentitySsfClient.PollAsync"/> did.</summary>
/// <param name="Received">SETs the broker served.</param>
/// <param name="Refused">Of those, SETs that did not verify (reported to the broker as <c>setErrs</c>).</param>
/// <param name="MoreAvailable">More wait at the broker: poll again.</param>
public sealed record NetIdentityPollResult(int Received, int Refused, bool MoreAvailable);

/// <summary>An SSF management or poll request the broker refused.</summary>
public sealed class NetIdentitySsfException : Exception
{
    public NetIdentitySsfException()
    {
    }

    public NetIdentitySsfException(string message)
        : base(message)
    {
    }

    public NetIdentitySsfException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal NetIdentitySsfException(HttpStatusCode status, string? error, string? description)
        : base($"The broker answered {(int)status} {error}: {description}")
    {
        Status = status;
        Error = error;
    }

    /// <summary>The HTTP status (400, 401, 403, 404, 409, 429).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The <c>error</c> code of the answer, e.g. <c>stream_exists</c>, <c>not_found</c>.</summary>
    public string? Error { get; }
}

/// <summary>
/// The platform's side of the broker's SSF transmitter (docs/events.md, "SSF streams"): creates,
/// reads, verifies and deletes the platform's stream, and polls a poll stream, handing each SET
/// to the platform's <see cref="INetIdentityBackChannelHandler"/> exactly as <c>MapNetIdentityEvents</c>
/// does for pushed ones (verified, deduplicated) and acknowledging it. It authenticates as the
/// login does: a client credentials token (scope <c>ssf.manage</c>) with the client secret, or
/// with <c>private_key_jwt</c> and DPoP on the FAPI 2.0 profile (the login's back channel adds the proofs).
/// </summary>
public sealed class NetIdentitySsfClient : IDisposable
{
    private const string ManageScope = "ssf.manage";
    private const string PushMethod = "urn:ietf:rfc:8935";
    private static readonly TimeSpan TokenMargin = TimeSpan.FromSeconds(30);

    private readonly IServiceProvider _services;
    private readonly string _scheme;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, DateTimeOffset Until)? _token;

    /// <param name="services">The application's services: the NetIdentity scheme's options, the handler and the deduplicator.</param>
    /// <param name="authenticationScheme">The NetIdentity scheme whose broker and client registration to use.</param>
    public NetIdentitySsfClient(IServiceProvider services, string authenticationScheme = NetIdentityDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationScheme);
        _services = services;
        _scheme = authenticationScheme;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <summary>Creates a push stream to <paramref name="endpoint"/> (a URL registered for the platform at the broker).</summary>
    /// <param name="endpoint">Where the broker pushes: the platform's <c>BackChannelEventUri</c> or one of its <c>SsfPushEndpoints</c>.</param>
    /// <param name="events">The event types to receive.</param>
    /// <param name="authorizationHeader">An <c>Authorization</c> header value the broker sends with each push; optional.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="NetIdentitySsfException">The broker refused it (409 when the platform has a stream already).</exception>
    public Task<NetIdentityStreamConfiguration> CreatePushStreamAsync(Uri endpoint, IEnumerable<string> events, string? authorizationHeader = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var delivery = new JsonObject { ["method"] = PushMethod, ["endpoint_url"] = endpoint.AbsoluteUri };
        if (authorizationHeader is not null)
        {
            delivery["authorization_header"] = authorizationHeader;
        }

        return CreateAsync(delivery, events, cancellationToken);
    }

    /// <summary>Creates a poll stream; poll it with <see cref="PollAsync"/>.</summary>
    /// <param name="events">The event types to receive.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="NetIdentitySsfException">The broker refused it (409 when the platform has a stream already).</exception>
    public Task<NetIdentityStreamConfiguration> CreatePollStreamAsync(IEnumerable<string> events, CancellationToken cancellationToken = default) =>
        CreateAsync(new JsonObject { ["method"] = "urn:ietf:rfc:8936" }, events, cancellationToken);

    /// <summary>The platform's stream, or null when it has none.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<NetIdentityStreamConfiguration?> GetStreamAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await MetadataAsync(cancellationToken);
        var answer = await SendAsync(HttpMethod.Get, Endpoint(metadata, "configuration_endpoint"), null, cancellationToken);
        return answer!.AsArray().FirstOrDefault() is { } stream ? Read(stream) : null;
    }

    /// <summary>
    /// The platform's push stream to <paramref name="endpoint"/>, made once: the stream the
    /// platform already has there is adopted as it is (so calling this at every start-up is
    /// harmless, on several instances too), otherwise one is created. A stream of the platform's
    /// that delivers elsewhere (polled, or pushed to another URL) is left alone and refused: the
    /// platform has one stream, and replacing it is a decision, not a start-up step.
    /// </summary>
    /// <param name="endpoint">Where the broker pushes: a URL registered for the platform (<c>BackChannelEventUri</c> or <c>SsfPushEndpoints</c>).</param>
    /// <param name="events">The event types to receive when the stream is created.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The stream, and whether this call created it.</returns>
    /// <exception cref="NetIdentitySsfException">The broker refused (its status and <c>error</c>), or the platform's stream delivers elsewhere (<c>stream_elsewhere</c>).</exception>
    public async Task<(NetIdentityStreamConfiguration Stream, bool Created)> EnsurePushStreamAsync(
        Uri endpoint, IEnumerable<string> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(events);
        var requested = events.ToList();
        for (var attempt = 0; ; attempt++)
        {
            if (await GetStreamAsync(cancellationToken) is { } existing)
            {
                return (Adoptable(existing, endpoint), false);
            }

            try
            {
                return (await CreatePushStreamAsync(endpoint, requested, cancellationToken: cancellationToken), true);
            }
            catch (NetIdentitySsfException conflict) when (conflict.Status == HttpStatusCode.Conflict && attempt == 0)
            {
                // Another instance of the platform created it between the read and the create: read it again.
            }
        }
    }

    /// <summary>The stream's status (SSF 1.0 §8.1.2.1): <c>enabled</c>, <c>paused</c> or <c>disabled</c>.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string> GetStatusAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var metadata = await MetadataAsync(cancellationToken);
        var answer = await SendAsync(HttpMethod.Get, new Uri(Endpoint(metadata, "status_endpoint") + "?stream_id=" + Uri.EscapeDataString(streamId)), null, cancellationToken);
        return answer?["status"]?.GetValue<string>() ?? throw new NetIdentitySsfException("The broker's stream status has no 'status'.");
    }

    /// <summary>Deletes the stream; the events still waiting on it are dropped and the broker returns to the registered endpoint.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task DeleteStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var metadata = await MetadataAsync(cancellationToken);
        await SendAsync(HttpMethod.Delete, new Uri(Endpoint(metadata, "configuration_endpoint") + "?stream_id=" + Uri.EscapeDataString(streamId)), null, cancellationToken);
    }

    /// <summary>Asks for a verification event carrying <paramref name="state"/> (SSF 1.0 §8.1.4); at most once per 30 s.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="state">Echoed in the event; optional.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task VerifyAsync(string streamId, string? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var metadata = await MetadataAsync(cancellationToken);
        await SendAsync(HttpMethod.Post, Endpoint(metadata, "verification_endpoint"), new JsonObject { ["stream_id"] = streamId, ["state"] = state }, cancellationToken);
    }

    /// <summary>
    /// Polls the stream once (RFC 8936): verifies each SET served, hands it to the platform's
    /// <see cref="INetIdentityBackChannelHandler"/> unless its <c>jti</c> was handled before, and
    /// acknowledges it — or reports it in <c>setErrs</c> when it does not verify. A SET whose
    /// handler throws is not acknowledged, and the exception propagates: the broker serves it again.
    /// </summary>
    /// <param name="stream">The poll stream (<see cref="CreatePollStreamAsync"/> or <see cref="GetStreamAsync"/>).</param>
    /// <param name="maxEvents">At most this many SETs (the broker caps it at 100).</param>
    /// <param name="cancellationToken">Cancels the poll.</param>
    public async Task<NetIdentityPollResult> PollAsync(NetIdentityStreamConfiguration stream, int maxEvents = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        var answer = await SendAsync(HttpMethod.Post, stream.EndpointUrl, new JsonObject { ["maxEvents"] = maxEvents, ["returnImmediately"] = true }, cancellationToken);
        var sets = answer!["sets"]?.AsObject() ?? [];
        var tokens = new NetIdentityEventTokens(
            _services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>(), _services.GetRequiredService<IOptionsMonitor<NetIdentityOptions>>(), _time, _scheme);
        var logger = _services.GetRequiredService<ILoggerFactory>().CreateLogger("NetIdentity.Client.Events");
        var ack = new JsonArray();
        var errors = new JsonObject();
        foreach (var (jti, value) in sets)
        {
            var (set, issuer, error) = await tokens.ValidateSetAsync(value?.GetValue<string>() ?? string.Empty, cancellationToken);
            if (error is not null)
            {
                Log.EventRefused(logger, error.Err, error.Description);
                errors[jti] = new JsonObject { ["err"] = error.Err, ["description"] = error.Description };
                continue;
            }

            // A scope per SET, as a pushed one gets its request's: the handler may be scoped.
            await using (var scope = _services.CreateAsyncScope())
            {
                await NetIdentityEventEndpoints.HandleSetAsync(scope.ServiceProvider, issuer!, set!, logger, cancellationToken);
            }

            ack.Add(jti);
        }

        if (ack.Count > 0 || errors.Count > 0)
        {
            await SendAsync(HttpMethod.Post, stream.EndpointUrl, new JsonObject { ["ack"] = ack, ["setErrs"] = errors, ["maxEvents"] = 0 }, cancellationToken);
        }

        return new NetIdentityPollResult(sets.Count, errors.Count, answer["moreAvailable"]?.GetValue<bool>() == true);
    }

    public void Dispose() => _tokenLock.Dispose();

    private async Task<NetIdentityStreamConfiguration> CreateAsync(JsonObject delivery, IEnumerable<string> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var metadata = await MetadataAsync(cancellationToken);
        var body = new JsonObject { ["delivery"] = delivery, ["events_requested"] = new JsonArray([.. events.Select(e => (JsonNode)e)]) };
        return Read((await SendAsync(HttpMethod.Post, Endpoint(metadata, "configuration_endpoint"), body, cancellationToken))!);
    }

    private static NetIdentityStreamConfiguration Adoptable(NetIdentityStreamConfiguration stream, Uri endpoint) =>
        stream.Method == PushMethod && Uri.Compare(stream.EndpointUrl, endpoint, UriComponents.AbsoluteUri, UriFormat.UriEscaped, StringComparison.Ordinal) == 0
            ? stream
            : throw new NetIdentitySsfException(
                HttpStatusCode.Conflict,
                "stream_elsewhere",
                $"The platform's stream {stream.StreamId} delivers by {stream.Method} to {stream.EndpointUrl}, not by push to {endpoint}; delete or replace it first.");

    private static NetIdentityStreamConfiguration Read(JsonNode stream) => new(
        stream["stream_id"]!.GetValue<string>(),
        stream["delivery"]!["method"]!.GetValue<string>(),
        new Uri(stream["delivery"]!["endpoint_url"]!.GetValue<string>(), UriKind.Absolute),
        [.. stream["events_delivered"]!.AsArray().Select(e => e!.GetValue<string>())]);

    private static Uri Endpoint(JsonNode metadata, string member) =>
        new(metadata[member]?.GetValue<string>() ?? throw new InvalidOperationException($"The broker's SSF metadata has no {member}."), UriKind.Absolute);

    /// <summary>
    /// Where the broker's SSF metadata is (SSF 1.0 §7.2): at the host's root, followed by the
    /// issuer's path when it has one (<c>https://h/p</c>: <c>https://h/.well-known/ssf-configuration/p</c>).
    /// </summary>
    internal static Uri ConfigurationUrl(Uri authority)
    {
        var path = authority.AbsolutePath.Trim('/');
        return new Uri(authority.GetLeftPart(UriPartial.Authority) + "/.well-known/ssf-configuration" + (path.Length == 0 ? string.Empty : "/" + path));
    }

    private HttpClient Backchannel => _services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(_scheme).Backchannel
        ?? throw new InvalidOperationException($"The NetIdentity scheme '{_scheme}' has no back channel yet.");

    private NetIdentityOptions Options => _services.GetRequiredService<IOptionsMonitor<NetIdentityOptions>>().Get(_scheme);

    private async Task<JsonNode> MetadataAsync(CancellationToken cancellationToken)
    {
        var authority = Options.Authority ?? throw new InvalidOperationException($"The NetIdentity scheme '{_scheme}' has no Authority.");
        return JsonNode.Parse(await Backchannel.GetStringAsync(ConfigurationUrl(authority), cancellationToken))!;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, Uri url, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Backchannel.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? null : JsonNode.Parse(text);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                _token = null;
            }

            throw new NetIdentitySsfException(response.StatusCode, json?["error"]?.GetValue<string>(), json?["error_description"]?.GetValue<string>());
        }

        return json;
    }

    /// <summary>A client credentials token for <c>ssf.manage</c>, kept until shortly before it expires.</summary>
    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } cached && cached.Until > _time.GetUtcNow())
            {
                return cached.Token;
            }

            var oidc = _services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(_scheme);
            var configuration = await (oidc.ConfigurationManager ?? throw new InvalidOperationException($"The NetIdentity scheme '{_scheme}' has no configuration manager."))
                .GetConfigurationAsync(cancellationToken);
            var options = Options;
            var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = ManageScope, ["client_id"] = options.ClientId };
            if (ClientKeys.AssertionCredentials(options) is { } credentials)
            {
                form["client_assertion_type"] = ClientAssertions.JwtBearerType;
                form["client_assertion"] = new ClientAssertions(options.ClientId, credentials, _time).Create(configuration.Issuer);
            }
            else
            {
                form["client_secret"] = options.ClientSecret;
            }

            using var response = await Backchannel.PostAsync(new Uri(configuration.TokenEndpoint, UriKind.Absolute), new FormUrlEncodedContent(form), cancellationToken);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            if (!response.IsSuccessStatusCode || !root.TryGetProperty("access_token", out var token))
            {
                throw new NetIdentitySsfException(
                    response.StatusCode,
                    root.TryGetProperty("error", out var error) ? error.GetString() : null,
                    root.TryGetProperty("error_description", out var description) ? description.GetString() : null);
            }

            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(1);
            _token = (token.GetString()!, _time.GetUtcNow() + lifetime - TokenMargin);
            return _token.Value.Token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }
}
