using System.Net;
using System.Text.Json;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>A token endpoint answer: tokens, or an OAuth error.</summary>
internal sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? IdToken => Get("id_token");

    public string? AccessToken => Get("access_token");

    public string? RefreshToken => Get("refresh_token");

    public string? Scope => Get("scope");

    public string? Error => Get("error");

    public string? ErrorDescription => Get("error_description");

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            return new TokenResponse(response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
        }
    }

    private string? Get(string name) => Body.TryGetProperty(name, out var value) ? value.GetString() : null;
}
