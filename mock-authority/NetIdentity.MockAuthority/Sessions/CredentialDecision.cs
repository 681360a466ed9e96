using NetIdentity.MockAuthority.Personas;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>The tester's choice for the simulated face step.</summary>
internal enum FaceChoice
{
    Match = 1,
    Mismatch = 2,
}

/// <summary>The outcome of the app's checks, before it is signed.</summary>
internal sealed record Decision(bool Passed, string ResultCode, double? FaceScore);

/// <summary>
/// What the app decides for a persona in a mode (contract §5 codes), in the order the app checks:
/// the 网证's state, then the password (R02/R04), then the face (R03/R04).
/// </summary>
internal static class CredentialDecision
{
    public const string Success = "C0000000";
    public const string Cancelled = "C0401001";
    public const string Frozen = "C0401002";
    public const string Expired = "C0401003";
    public const string WrongPassword = "C0401011";
    public const string FaceMismatch = "C0401021";
    public const string Refused = "C0401031";

    /// <summary>The person did not pick the code shown in the browser within the allowed tries (number matching).</summary>
    public const string NotMatched = "C0401041";
    public const string RealnameMismatch = "C0402001";
    public const string WrongCode = "C0402002";

    /// <summary>Scores at or above this are a match.</summary>
    private const double FaceThreshold = 0.8;
    private const double DefaultMatchScore = 0.95;
    private const double DefaultMismatchScore = 0.31;

    /// <param name="persona">Who answers in the app.</param>
    /// <param name="mode">The session's service mode.</param>
    /// <param name="password">What the tester typed; <c>null</c>: the persona's usual behaviour.</param>
    /// <param name="face">The tester's face choice; <c>null</c>: the persona's usual behaviour.</param>
    public static Decision Decide(Persona persona, ServiceMode mode, string? password = null, FaceChoice? face = null)
    {
        var stateCode = persona.CredentialState switch
        {
            CredentialState.Cancelled => Cancelled,
            CredentialState.Frozen => Frozen,
            CredentialState.Expired => Expired,
            _ => null,
        };
        if (stateCode is not null)
        {
            return new Decision(false, stateCode, null);
        }

        var passwordCorrect = password is null
            ? persona.Behaviour != PersonaBehaviour.WrongPassword
            : string.Equals(password, persona.Password, StringComparison.Ordinal);
        if (mode.NeedsPassword() && !passwordCorrect)
        {
            return new Decision(false, WrongPassword, null);
        }

        if (!mode.NeedsFace())
        {
            return new Decision(true, Success, null);
        }

        var (matched, score) = FaceOf(persona, face);
        return matched ? new Decision(true, Success, score) : new Decision(false, FaceMismatch, score);
    }

    /// <summary>The face step alone, as the app (§3) and the real-name service (§7) both run it.</summary>
    public static (bool Matched, double Score) FaceOf(Persona persona, FaceChoice? face = null)
    {
        var matched = face switch
        {
            FaceChoice.Match => true,
            FaceChoice.Mismatch => false,
            _ => persona.Behaviour != PersonaBehaviour.FaceMismatch,
        };
        var ownScoreFits = persona.FaceScore >= FaceThreshold == matched;
        var score = ownScoreFits ? persona.FaceScore : matched ? DefaultMatchScore : DefaultMismatchScore;
        return (matched, score);
    }
}
