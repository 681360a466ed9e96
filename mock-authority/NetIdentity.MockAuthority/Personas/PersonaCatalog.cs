using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetIdentity.MockAuthority.Personas;

/// <summary>The personas, loaded and checked once at start-up; read-only afterwards.</summary>
internal sealed class PersonaCatalog
{
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, Persona> _byId;
    private readonly Dictionary<string, Persona> _byNumber;

    private PersonaCatalog(IReadOnlyList<Persona> personas)
    {
        All = personas;
        _byId = personas.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _byNumber = personas.ToDictionary(p => p.IdNumber, StringComparer.Ordinal);
    }

    public IReadOnlyList<Persona> All { get; }

    public Persona? Find(string? id) => id is not null && _byId.TryGetValue(id, out var persona) ? persona : null;

    /// <summary>The person with this identity document, as the registry of record would find them.</summary>
    public Persona? FindByNumber(string? idType, string? idNumber) =>
        idType == "resident_id" && idNumber is not null && _byNumber.TryGetValue(idNumber, out var persona) ? persona : null;

    /// <summary>Reads and checks the personas file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or a persona is inconsistent; the message names the persona and the fix.</exception>
    public static PersonaCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The personas file '{path}' does not exist. Set MockAuthority:PersonasPath.");
        }

        List<Persona>? personas;
        try
        {
            personas = JsonSerializer.Deserialize<List<Persona>>(File.ReadAllBytes(path), FileOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The personas file '{path}' is not valid: {e.Message}", e);
        }

        if (personas is not { Count: > 0 })
        {
            throw new InvalidOperationException($"The personas file '{path}' holds no persona.");
        }

        foreach (var persona in personas)
        {
            Check(persona, personas);
        }

        return new PersonaCatalog(personas);
    }

    private static void Check(Persona persona, List<Persona> all)
    {
        void Refuse(string problem) =>
            throw new InvalidOperationException($"Persona '{persona.Id}' in the personas file: {problem}");

        if (!ResidentIdNumber.TryParse(persona.IdNumber, out var number))
        {
            Refuse("idNumber is not a valid GB 11643 number (18 characters, a real birth date, the right check digit).");
        }

        if (persona.IdType != "resident_id")
        {
            Refuse("idType must be 'resident_id'.");
        }

        if (persona.Gender != number.Gender)
        {
            Refuse($"gender must be '{number.Gender}', as the 17th digit of idNumber says (odd: M, even: F).");
        }

        if (all.Count(p => p.Id == persona.Id) > 1 || all.Count(p => p.IdNumber == persona.IdNumber) > 1 || all.Count(p => p.Phone == persona.Phone) > 1)
        {
            Refuse("id, idNumber and phone must each be unique.");
        }

        // A number is registered to one person at a time (the carrier's real-name registration).
        if (persona.RegisteredPhones.Any(phone => phone.Length != 11 || !phone.All(char.IsAsciiDigit) || all.Count(p => p.RegisteredPhones.Contains(phone)) > 1 || persona.RegisteredPhones.Count(n => n == phone) > 1))
        {
            Refuse("registeredPhones must hold 11-digit numbers, each registered to one persona only.");
        }

        if (persona.GuardianOf.Any(child => child == persona.Id || all.All(p => p.Id != child)))
        {
            Refuse("guardianOf names a persona that does not exist.");
        }

        if (persona.Paths.Count == 0 || persona.Paths.Any(p => p is not (Persona.NetIdPath or Persona.OtherPath)))
        {
            Refuse("paths must hold 'netid', 'other' or both.");
        }

        if (persona.FaceScore is < 0 or > 1 || persona.DelayMs is < 0)
        {
            Refuse("faceScore must be between 0 and 1 and delayMs not negative.");
        }

        persona.Number = number;
    }
}
