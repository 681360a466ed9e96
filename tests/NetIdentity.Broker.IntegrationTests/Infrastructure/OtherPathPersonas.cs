using System.Text.Json;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>What a person types on the other way's form, as the mock's personas.json declares them.</summary>
internal sealed record OtherPathPersona(string Id, string Name, string IdNumber, string Phone, IReadOnlyList<string> Paths);

/// <summary>
/// The mock authority's personas (docs/mock-authority.md), read from its own file, so that a
/// test types exactly what the traditional real-name service holds.
/// </summary>
internal static class OtherPathPersonas
{
    private static readonly Lazy<IReadOnlyList<OtherPathPersona>> Catalogue = new(Read);

    public static OtherPathPersona Adult => Get("other-adult");

    public static OtherPathPersona Minor => Get("other-minor");

    public static OtherPathPersona Child => Get("other-child");

    public static OtherPathPersona NameMismatch => Get("other-name-mismatch");

    public static OtherPathPersona FaceMismatch => Get("face-mismatch");

    /// <summary>Every persona whose path includes the other way.</summary>
    public static IReadOnlyList<OtherPathPersona> All => [.. Catalogue.Value.Where(p => p.Paths.Contains("other"))];

    public static OtherPathPersona Get(string id) => Catalogue.Value.Single(p => p.Id == id);

    /// <summary>
    /// <paramref name="idNumber"/> with its GB 11643 check character replaced by a wrong one: what
    /// a person who mistyped one character would send.
    /// </summary>
    public static string WithWrongCheckCharacter(string idNumber)
    {
        var wrong = idNumber[17] == '0' ? '1' : '0';
        return idNumber[..17] + wrong;
    }

    private static List<OtherPathPersona> Read()
    {
        var path = Path.Combine(RepositoryPaths.Root, "mock-authority", "NetIdentity.MockAuthority", "personas.json");
        var personas = JsonSerializer.Deserialize<List<OtherPathPersona>>(File.ReadAllText(path), JsonSerializerOptions.Web)!;
        Assert.Contains(personas, p => p.Id == "other-adult");
        return personas;
    }
}
