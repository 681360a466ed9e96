namespace NetIdentity.Core.Verification;

/// <summary>
/// The authority's four service modes (PRODUCT.md, "What is known of the real authority").
/// </summary>
public enum VerificationMode
{
    /// <summary>网证 only: one possession factor.</summary>
    R01 = 1,

    /// <summary>网证 + 口令 (password): adds a knowledge factor.</summary>
    R02 = 2,

    /// <summary>网证 + 人脸 (face): adds a face check.</summary>
    R03 = 3,

    /// <summary>网证 + 口令 + 人脸.</summary>
    R04 = 4,
}

/// <summary>An age band; a birth date never leaves the broker (PRODUCT.md, "Minors").</summary>
public enum AgeBand
{
    /// <summary>Under 14: a child, whose data needs a guardian's consent (PIPL Art. 28, 31).</summary>
    Under14 = 1,

    /// <summary>14 to 17: a minor; platforms must run a minors' mode (未成年人网络保护条例 Art. 43–44).</summary>
    From14To17 = 2,

    /// <summary>18 or over.</summary>
    Adult = 3,
}

/// <summary>The factors a mode proves (PRODUCT.md, the table of modes).</summary>
[Flags]
public enum VerificationFactors
{
    None = 0,

    /// <summary>网证: possession of the credential in the national app.</summary>
    Credential = 1,

    /// <summary>口令: a knowledge factor.</summary>
    Password = 2,

    /// <summary>人脸: a face check against the authority's record.</summary>
    Face = 4,
}

/// <summary>Which factors each mode proves, and whether one mode stands in for another.</summary>
public static class VerificationModes
{
    public static VerificationFactors FactorsOf(VerificationMode mode) => mode switch
    {
        VerificationMode.R01 => VerificationFactors.Credential,
        VerificationMode.R02 => VerificationFactors.Credential | VerificationFactors.Password,
        VerificationMode.R03 => VerificationFactors.Credential | VerificationFactors.Face,
        VerificationMode.R04 => VerificationFactors.Credential | VerificationFactors.Password | VerificationFactors.Face,
        _ => VerificationFactors.None,
    };

    /// <summary>
    /// True when <paramref name="used"/> proves every factor of <paramref name="asked"/>. Not an
    /// ordering of levels: R03 (face) reaches level 3 but lacks the password a platform that
    /// prefers R04 (or asks R02) requires, so it satisfies neither (authority-contract §8, point 4).
    /// </summary>
    public static bool Satisfies(VerificationMode used, VerificationMode asked)
    {
        var required = FactorsOf(asked);
        return required != VerificationFactors.None && (FactorsOf(used) & required) == required;
    }
}
