using System.Text.Json;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>A persona of the mock authority, as mock-authority/NetIdentity.MockAuthority/personas.json declares it.</summary>
internal sealed record Persona(string Id, string Name, string IdType, string IdNumber, string Phone, IReadOnlyList<string> Paths);

/// <summary>The mock authority's personas, read from its own file: what a test expects the authority to release.</summary>
internal static class Personas
{
    private static readonly Lazy<IReadOnlyList<Persona>> Catalogue = new(Read);

    public static IReadOnlyList<Persona> All => Catalogue.Value;

    public static Persona Get(string id) => All.Single(p => p.Id == id);

    /// <summary>Every name, ID number and phone of every persona: what must never be at rest or in a log.</summary>
    public static IReadOnlyList<string> PlaintextValues => [.. All.SelectMany(p => new[] { p.Name, p.IdNumber, p.Phone })];

    private static List<Persona> Read()
    {
        var path = Path.Combine(RepositoryPaths.Root, "mock-authority", "NetIdentity.MockAuthority", "personas.json");
        var personas = JsonSerializer.Deserialize<List<Persona>>(File.ReadAllText(path), JsonSerializerOptions.Web)!;
        Assert.True(personas.Count >= 13, "personas.json was not read.");
        Assert.All(personas, p => Assert.False(string.IsNullOrEmpty(p.Name) || string.IsNullOrEmpty(p.IdNumber) || string.IsNullOrEmpty(p.Phone)));
        return personas;
    }
}
