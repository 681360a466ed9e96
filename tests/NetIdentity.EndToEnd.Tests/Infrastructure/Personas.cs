using System.Globalization;
using System.Text.Json;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A persona of the mock authority, as <c>mock-authority/NetIdentity.MockAuthority/personas.json</c>
/// (the file the mock serves) defines it: its plaintext identity is what must never reach a
/// platform without separate consent, nor the broker's storage or logs ever.
/// </summary>
internal sealed record PersonaIdentity(
    string Id,
    string Name,
    string IdType,
    string IdNumber,
    string Phone,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> GuardianOf,
    string? RealnameRegisteredName)
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    private static readonly Lazy<IReadOnlyList<PersonaIdentity>> File = new(Load);

    public static string FilePath => TestEnvironment.RepositoryPath("mock-authority", "NetIdentity.MockAuthority", "personas.json");

    /// <summary>Every persona of the file, in its order.</summary>
    public static IReadOnlyList<PersonaIdentity> All => File.Value;

    /// <summary>The persona <paramref name="id"/>.</summary>
    public static PersonaIdentity Get(string id) =>
        All.SingleOrDefault(p => p.Id == id) ?? throw new InvalidOperationException($"{FilePath} has no persona '{id}'.");

    /// <summary>The values to look for: name, ID number, phone.</summary>
    public IEnumerable<string> PlaintextValues => [Name, IdNumber, Phone];

    /// <summary>Only the other lawful way: no 网证 (docs/mock-authority.md, path "other").</summary>
    public bool OtherWayOnly => Paths.Count > 0 && Paths.All(p => p == "other");

    /// <summary>The birth date in the ID number (GB 11643, digits 7–14).</summary>
    public DateOnly BirthDate => DateOnly.ParseExact(IdNumber.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Under 18 today, in China time, as the mock computes the age band.</summary>
    public bool IsMinorToday
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(ChinaTime).DateTime);
            return BirthDate.AddYears(18) > today;
        }
    }

    /// <summary>
    /// The mask of docs/claims.md for a one-character surname: the surname and one <c>*</c> per
    /// other character.
    /// </summary>
    public string MaskedName => Name[..1] + new string('*', Name.Length - 1);

    /// <summary>The first and last characters of the number with <c>*</c> between.</summary>
    public string MaskedIdNumber => IdNumber[..1] + new string('*', IdNumber.Length - 2) + IdNumber[^1..];

    private static List<PersonaIdentity> Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(FilePath));
        return [.. document.RootElement.EnumerateArray().Select(p => new PersonaIdentity(
            p.GetProperty("id").GetString()!,
            p.GetProperty("name").GetString()!,
            p.GetProperty("idType").GetString()!,
            p.GetProperty("idNumber").GetString()!,
            p.GetProperty("phone").GetString()!,
            Strings(p, "paths"),
            Strings(p, "guardianOf"),
            p.TryGetProperty("realnameRegisteredName", out var registered) ? registered.GetString() : null))];
    }

    private static string[] Strings(JsonElement persona, string property) =>
        persona.TryGetProperty(property, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];
}
