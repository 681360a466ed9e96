using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// One person's browser for one login: its own cookies over a connection pool shared by every
/// login (a fresh pool per login would measure TCP handshakes, not the broker). Redirects are
/// never followed automatically: each hop is a step the driver times and checks. Page loads and
/// form submissions say so as a browser does (Fetch Metadata: <c>Sec-Fetch-Dest: document</c>,
/// <c>Sec-Fetch-Mode: navigate</c>); the waiting page's status poll is a script's fetch.
/// </summary>
internal sealed class Browser(HttpClient http)
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    /// <summary>A page load: following a link or a redirect, or typing the address.</summary>
    public async Task<Answer> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = Navigation(HttpMethod.Get, url);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>A page's script asking for JSON (<c>fetch</c>, same origin).</summary>
    public async Task<Answer> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "empty");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "cors");
        return await SendAsync(request, cancellationToken);
    }

    public async Task<Answer> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var request = Navigation(HttpMethod.Post, url);
        request.Content = new FormUrlEncodedContent(fields);
        return await SendAsync(request, cancellationToken);
    }

    public async Task<Answer> PostMultipartAsync(Uri url, MultipartFormDataContent content, CancellationToken cancellationToken)
    {
        using var request = Navigation(HttpMethod.Post, url);
        request.Content = content;
        return await SendAsync(request, cancellationToken);
    }

    private static HttpRequestMessage Navigation(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "document");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
        return request;
    }

    /// <summary>A request as the platform's back end makes it (no cookies): client authentication with HTTP Basic (RFC 6749 §2.3.1).</summary>
    public async Task<Answer> PostAsClientAsync(Uri url, string clientId, string secret, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        using var response = await http.SendAsync(request, cancellationToken);
        return await Answer.ReadAsync(response, cancellationToken);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (cookies.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        Remember(response);
        return await Answer.ReadAsync(response, cancellationToken);
    }

    /// <summary>
    /// Keeps what Set-Cookie says (RFC 6265 §5.2, reduced to what a loopback sandbox needs: one
    /// host, no Secure): a cookie with an empty value or an expiry in the past is deleted.
    /// </summary>
    private void Remember(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var header in values)
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var equals = parts[0].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = parts[0][..equals];
            var value = parts[0][(equals + 1)..];
            var expired = parts.Skip(1).Any(p =>
                p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(p[8..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires)
                && expires < DateTimeOffset.UtcNow)
                || parts.Skip(1).Any(p => p.Equals("max-age=0", StringComparison.OrdinalIgnoreCase));
            if (value.Length == 0 || expired)
            {
                cookies.Remove(name);
            }
            else
            {
                cookies[name] = value;
            }
        }
    }
}

/// <summary>What a server answered: status, where it redirects, Retry-After, the body.</summary>
internal sealed record Answer(HttpStatusCode Status, string? Location, TimeSpan? RetryAfter, string Body)
{
    public bool IsRedirect => Status is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.MovedPermanently;

    public static async Task<Answer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        return new Answer(response.StatusCode, response.Headers.Location?.OriginalString, retryAfter, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
