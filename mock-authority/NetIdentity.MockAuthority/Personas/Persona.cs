using System.Text.Json.Serialization;

namespace NetIdentity.MockAuthority.Personas;

/// <summary>
/// A fictional person the mock answers as (personas.json). <see cref="ToString"/> shows the id
/// only, so a persona can never put a name or number into a log line by accident.
/// </summary>
internal sealed class Persona
{
    public const string NetIdPath = "netid";
    public const string OtherPath = "other";

    public required string Id { get; init; }

    public required PersonaLabel Label { get; init; }

    public required string Name { get; init; }

    public required string IdType { get; init; }

    public required string IdNumber { get; init; }

    /// <summary>The mobile number this persona types on the other way's form (not necessarily registered to them).</summary>
    public required string Phone { get; init; }

    /// <summary>
    /// The mobile numbers the carriers' real-name registration lists for this person (运营商实名登记):
    /// the third element of the real-name check (contract §7). Empty: no number is registered to
    /// them, so the other way never matches.
    /// </summary>
    public IReadOnlyList<string> RegisteredPhones { get; init; } = [];

    /// <summary><c>M</c> or <c>F</c>, checked at load against the 17th digit of <see cref="IdNumber"/>.</summary>
    public required string Gender { get; init; }

    /// <summary>The 网证 password (口令) in the app.</summary>
    public string Password { get; init; } = "123456";

    public CredentialState CredentialState { get; init; } = CredentialState.Valid;

    public PersonaBehaviour Behaviour { get; init; } = PersonaBehaviour.Normal;

    /// <summary>The face similarity the app reports for this person (0–1).</summary>
    public double FaceScore { get; init; } = 0.97;

    /// <summary>For <see cref="PersonaBehaviour.Slow"/>: how long each credential query waits.</summary>
    public int? DelayMs { get; init; }

    public IReadOnlyList<string> GuardianOf { get; init; } = [];

    /// <summary>The name the traditional real-name service holds, when it differs from <see cref="Name"/>.</summary>
    public string? RealnameRegisteredName { get; init; }

    /// <summary>Where a tester uses this persona: <c>netid</c> (网号/网证), <c>other</c> (real-name check), or both.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [NetIdPath];

    [JsonIgnore]
    public ResidentIdNumber Number { get; internal set; }

    [JsonIgnore]
    public bool HasNetId => Paths.Contains(NetIdPath);

    public override string ToString() => "persona " + Id;
}

/// <summary>A persona's label for the tester, Chinese first.</summary>
internal sealed record PersonaLabel(string Zh, string En);

/// <summary>The state of the persona's 网证 (states public; contract §5).</summary>
internal enum CredentialState
{
    Valid,
    Cancelled,
    Frozen,
    Expired,
}

/// <summary>How the persona behaves in the app and at the authority.</summary>
internal enum PersonaBehaviour
{
    Normal,
    WrongPassword,
    FaceMismatch,
    Slow,
    Outage,
    BadSignature,
    Replayed,
}
