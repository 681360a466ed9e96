namespace NetIdentity.Core.Verification;

/// <summary>
/// How sure the broker is of the person: a level, not a method (docs/claims.md). Reachable on
/// both paths, so a platform cannot tell from <c>acr</c> how the person verified (equal service).
/// </summary>
public enum AssuranceLevel
{
    /// <summary>One possession factor.</summary>
    Level1 = 1,

    /// <summary>A possession factor plus a knowledge factor.</summary>
    Level2 = 2,

    /// <summary>Possession plus a face check.</summary>
    Level3 = 3,
}

/// <summary>The mapping between modes, levels and <c>acr</c> values, fixed in docs/claims.md.</summary>
public static class Assurance
{
    /// <summary>The <c>acr</c> value prefix; a version note in docs/claims.md is needed to change it.</summary>
    public const string AcrPrefix = "urn:netidentity:acr:level";

    public static readonly IReadOnlyList<string> SupportedAcrValues =
        [ToAcr(AssuranceLevel.Level1), ToAcr(AssuranceLevel.Level2), ToAcr(AssuranceLevel.Level3)];

    /// <summary>The level a mode reaches: R01 → 1, R02 → 2, R03 and R04 → 3.</summary>
    public static AssuranceLevel Of(VerificationMode mode) => mode switch
    {
        VerificationMode.R01 => AssuranceLevel.Level1,
        VerificationMode.R02 => AssuranceLevel.Level2,
        VerificationMode.R03 or VerificationMode.R04 => AssuranceLevel.Level3,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>The least demanding mode that reaches <paramref name="level"/>.</summary>
    public static VerificationMode ModeFor(AssuranceLevel level) => level switch
    {
        AssuranceLevel.Level1 => VerificationMode.R01,
        AssuranceLevel.Level2 => VerificationMode.R02,
        AssuranceLevel.Level3 => VerificationMode.R03,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>
    /// What the other way reaches (docs/claims.md, "Levels by path"): the three-element check and
    /// the SMS code to the matched number are one possession factor, level 1; the authority's face
    /// comparison adds the stronger factor, level 3, and so satisfies level 2 as well (the other
    /// way has no knowledge factor of its own).
    /// </summary>
    public static AssuranceLevel OtherWayReaches(bool faceMatched) => faceMatched ? AssuranceLevel.Level3 : AssuranceLevel.Level1;

    /// <summary>Whether the other way needs the face step to satisfy <paramref name="required"/>.</summary>
    public static bool OtherWayNeedsFace(AssuranceLevel required) => OtherWayReaches(faceMatched: false) < required;

    public static string ToAcr(AssuranceLevel level) => AcrPrefix + ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseAcr(string? value, out AssuranceLevel level)
    {
        level = default;
        if (value is null || !value.StartsWith(AcrPrefix, StringComparison.Ordinal) || value.Length != AcrPrefix.Length + 1)
        {
            return false;
        }

        var digit = value[^1] - '0';
        if (digit is < 1 or > 3)
        {
            return false;
        }

        level = (AssuranceLevel)digit;
        return true;
    }

    /// <summary>
    /// The level to ask the authority for: the highest of the platform's registered minimum and
    /// every recognised value in <c>acr_values</c> (OIDC Core §3.1.2.1, a voluntary claim; we
    /// honour the strictest request rather than the first). Unrecognised values are ignored.
    /// </summary>
    public static AssuranceLevel Required(AssuranceLevel registeredMinimum, IEnumerable<string>? acrValues)
    {
        var required = registeredMinimum;
        foreach (var value in acrValues ?? [])
        {
            if (TryParseAcr(value, out var level) && level > required)
            {
                required = level;
            }
        }

        return required;
    }
}
