using NetIdentity.Core.Identity;

namespace NetIdentity.Core.Verification;

/// <summary>
/// The <c>age_over_14</c> and <c>age_over_18</c> booleans (docs/claims.md, v4): an alternative
/// to the age band for a platform that needs one threshold only, as Australia's ConnectID
/// (<c>over18</c>) and the EU age-verification blueprint (<c>age_over_18</c>, after ISO/IEC
/// 18013-5) carry it. Each is the answer to one question, never a birth date.
/// <para>
/// The two thresholds are exactly the band's boundaries, so the answer is read from the band the
/// login verified (from the authority's credential on the 网号/网证 path, from the birth date in
/// the ID number on the other path: <see cref="ResidentIdNumber.AgeBandOf"/>), counted in full
/// years (周岁) on the date in China. No birth date is kept to answer it.
/// </para>
/// </summary>
public static class AgeOver
{
    /// <summary>The thresholds a platform may ask about.</summary>
    public static readonly IReadOnlyList<int> Thresholds = [14, 18];

    /// <summary>
    /// Whether a person in <paramref name="band"/> has reached <paramref name="years"/> full years.
    /// Only 14 and 18 can be answered from a band; any other threshold throws.
    /// </summary>
    public static bool Reached(AgeBand band, int years) => years switch
    {
        14 => band is AgeBand.From14To17 or AgeBand.Adult,
        18 => band is AgeBand.Adult,
        _ => throw new ArgumentOutOfRangeException(nameof(years), years, "Only age_over_14 and age_over_18 are defined."),
    };

    /// <summary>
    /// Whether a person born on <paramref name="birthDate"/> has reached <paramref name="years"/>
    /// full years on <paramref name="today"/> (the date in China), as <see cref="ResidentIdNumber.FullYears"/>
    /// counts them. The rule <see cref="Reached(AgeBand, int)"/> agrees with; for tests and the other path.
    /// </summary>
    public static bool Reached(DateOnly birthDate, DateOnly today, int years) =>
        ResidentIdNumber.FullYears(birthDate, today) >= years;
}
