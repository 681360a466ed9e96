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
