using System.Text.Json;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Tester;

/// <summary>
/// A persona as <c>GET /tester/personas</c> shows it: fictional test data, with the outcome a
/// tester should expect in each mode (a result code, or the error code the query answers) and
/// on the other path (the last real-name status).
/// </summary>
internal sealed record PersonaView(
    string Id,
    PersonaLabel Label,
    string Name,
    string IdType,
    string IdNumber,
    string Phone,
    IReadOnlyList<string> RegisteredPhones,
    string Gender,
    string AgeBand,
    IReadOnlyList<string> Paths,
    string CredentialState,
    string Behaviour,
    IReadOnlyList<string> GuardianOf,
    IReadOnlyDictionary<string, string> Expected,
    string? Note)
{
    private static readonly ServiceMode[] Modes = [ServiceMode.R01, ServiceMode.R02, ServiceMode.R03, ServiceMode.R04];

    public static PersonaView From(Persona persona, DateTimeOffset now, int? slowDelayMs) => new(
        persona.Id,
        persona.Label,
        persona.Name,
        persona.IdType,
        persona.IdNumber,
        persona.Phone,
        persona.RegisteredPhones,
        persona.Gender,
        persona.Number.AgeBandAt(now),
        persona.Paths,
        JsonNamingPolicy.KebabCaseLower.ConvertName(persona.CredentialState.ToString()),
        JsonNamingPolicy.KebabCaseLower.ConvertName(persona.Behaviour.ToString()),
        persona.GuardianOf,
        Expect(persona),
        Describe(persona, slowDelayMs));

    /// <summary>Computed by the same decision the app makes, so the table cannot drift from behaviour.</summary>
    private static Dictionary<string, string> Expect(Persona persona)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        if (persona.HasNetId)
        {
            foreach (var mode in Modes)
            {
                expected[mode.ToString()] = persona.Behaviour == PersonaBehaviour.Outage
                    ? AuthorityErrors.Unavailable.Code
                    : CredentialDecision.Decide(persona, mode).ResultCode;
            }
        }

        if (persona.Paths.Contains(Persona.OtherPath))
        {
            expected["other"] = persona.RealnameRegisteredName is not null || !persona.RegisteredPhones.Contains(persona.Phone, StringComparer.Ordinal) ? "mismatch"
                : CredentialDecision.FaceOf(persona).Matched ? "face_match" : "face_mismatch";
        }

        return expected;
    }

    private static string? Describe(Persona persona, int? slowDelayMs) => persona.Behaviour switch
    {
        PersonaBehaviour.Slow => $"Every credential query waits {slowDelayMs ?? persona.DelayMs ?? 3000} ms.",
        PersonaBehaviour.Outage => "After approval every credential query answers 503 A0503001.",
        PersonaBehaviour.BadSignature => "The credential is signed by another key under the genuine kid: verification must fail.",
        PersonaBehaviour.Replayed => "The credential is an earlier one of the same organisation (other bizSeq): the caller must refuse it.",
        _ when persona.RealnameRegisteredName is not null => "The real-name service holds another name for this number.",
        _ when persona.RegisteredPhones.Count == 0 && persona.Paths.Contains(Persona.OtherPath) => "No mobile number is registered to this person: the real-name check answers mismatch for any phone.",
        _ => null,
    };
}
