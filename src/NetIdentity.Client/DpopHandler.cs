using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace NetIdentity.Client;

/// <summary>
/// Sits on the OpenID Connect handler's back channel and adds DPoP (RFC 9449) where it belongs:
/// a proof on every token request (a POST with <c>grant_type</c>), and on a request that carries
/// an access token (userinfo) the <c>DPoP</c> scheme instead of <c>Bearer</c> (§7.1) with a proof
/// holding <c>ath</c>. Discovery, JWKS and pushed requests pass unchanged. It remembers the last
/// <c>DPoP-Nonce</c> each server sent (§8) and, when a server answers <c>use_dpop_nonce</c>,
/// retries once with the new nonce — with a new client assertion too, since the broker accepts
/// each assertion's <c>jti</c> once.
/// </summary>
internal sealed class DpopHandler(DpopProofs proofs, ClientAssertions? assertions, ILogger logger) : DelegatingHandler
{
    public const string ProofHeader = "DPoP";
    public const string NonceHeader = "DPoP-Nonce";
    public const string Scheme = "DPoP";
    public const string UseNonceError = "use_dpop_nonce";

    private readonly ConcurrentDictionary<string, string> _nonces = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.RequestUri ?? throw new InvalidOperationException("A back-channel request has no URL.");
        string? accessToken = null;
        if (request.Headers.Authorization is { Scheme: var scheme, Parameter: { Length: > 0 } token }
            && (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals(Scheme, StringComparison.OrdinalIgnoreCase)))
        {
            accessToken = token;
            request.Headers.Authorization = new AuthenticationHeaderValue(Scheme, token);
        }
        else if (!await IsTokenRequestAsync(request, cancellationToken))
        {
            var plain = await base.SendAsync(request, cancellationToken);
            Remember(target, plain);
            return plain;
        }

        Attach(request, target, accessToken, _nonces.GetValueOrDefault(Origin(target)));
        var response = await base.SendAsync(request, cancellationToken);
        var nonce = Remember(target, response);
        if (nonce is null || !await AsksForNonceAsync(response, cancellationToken))
        {
            return response;
        }

        // RFC 9449 §8: the server wants a (newer) nonce in the proof; one retry, with a new jti.
        Log.DpopNonceRetry(logger, request.Method.Method, target.GetLeftPart(UriPartial.Path));
        response.Dispose();
        if (accessToken is null)
        {
            await RenewAssertionAsync(request, cancellationToken);
        }

        Attach(request, target, accessToken, nonce);
        response = await base.SendAsync(request, cancellationToken);
        Remember(target, response);
        return response;
    }

    private void Attach(HttpRequestMessage request, Uri target, string? accessToken, string? nonce)
    {
        request.Headers.Remove(ProofHeader);
        request.Headers.Add(ProofHeader, proofs.Create(request.Method, target, accessToken, nonce));
    }

    private string? Remember(Uri target, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(NonceHeader, out var values) || values.FirstOrDefault() is not { Length: > 0 } nonce)
        {
            return null;
        }

        _nonces[Origin(target)] = nonce;
        return nonce;
    }

    /// <summary>A token request: a form POST with <c>grant_type</c> (RFC 6749 §4.1.3, §6). The form is buffered, so reading it leaves it sendable.</summary>
    private static async Task<bool> IsTokenRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is not FormUrlEncodedContent form)
        {
            return false;
        }

        var body = QueryHelpers.ParseQuery("?" + await form.ReadAsStringAsync(cancellationToken));
        return body.ContainsKey("grant_type");
    }

    /// <summary>The token endpoint's 400 <c>use_dpop_nonce</c> (§8), or a resource's 401 with <c>DPoP error="use_dpop_nonce"</c> (§9).</summary>
    private static async Task<bool> AsksForNonceAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return response.Headers.WwwAuthenticate.Any(challenge =>
                challenge.Scheme.Equals(Scheme, StringComparison.OrdinalIgnoreCase)
                && challenge.Parameter?.Contains($"error=\"{UseNonceError}\"", StringComparison.Ordinal) == true);
        }

        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                && error.GetString() == UseNonceError;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Replaces the client assertion of a token request being retried: the broker took the first one's jti.</summary>
    private async Task RenewAssertionAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (assertions is null || request.Content is not FormUrlEncodedContent form)
        {
            return;
        }

        var body = QueryHelpers.ParseQuery("?" + await form.ReadAsStringAsync(cancellationToken));
        if (!body.TryGetValue("client_assertion", out var previous) || previous.Count != 1)
        {
            return;
        }

        var fields = body.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? string.Empty))).ToList();
        var index = fields.FindIndex(field => field.Key == "client_assertion");
        fields[index] = new("client_assertion", assertions.Renew(previous.ToString()));
        request.Content = new FormUrlEncodedContent(fields);
    }

    private static string Origin(Uri target) => target.GetLeftPart(UriPartial.Authority);
}
