using System.Net.Http.Json;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>A persona's plaintext identity, as the mock's tester API publishes it: what must never reach a platform.</summary>
internal sealed record PersonaIdentity(string Id, string Name, string IdNumber, string Phone)
{
    /// <summary>The persona <paramref name="id"/> from <c>GET {mock}/tester/personas</c>.</summary>
    public static async Task<PersonaIdentity> FetchAsync(Uri mock, string id, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var personas = await http.GetFromJsonAsync<PersonaIdentity[]>(new Uri(mock, "tester/personas"), cancellationToken);
        return personas?.SingleOrDefault(p => p.Id == id)
            ?? throw new InvalidOperationException($"The mock has no persona '{id}'.");
    }

    /// <summary>The values to look for: name, ID number, phone.</summary>
    public IEnumerable<string> PlaintextValues => [Name, IdNumber, Phone];
}
