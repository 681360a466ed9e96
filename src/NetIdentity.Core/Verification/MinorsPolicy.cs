using NetIdentity.Core.Errors;

namespace NetIdentity.Core.Verification;

/// <summary>
/// Minors (PRODUCT rule 5; docs/minors.md). Every login learns the person's age band, on either
/// path: a child under 14 needs a guardian's consent (PIPL Art. 28, 31), and a platform must be
/// told of anyone aged 14–17 (未成年人网络保护条例 Art. 43–44).
/// </summary>
public static class MinorsPolicy
{
    /// <summary>
    /// A passed credential must state the age band that was asked for. Without it the person
    /// could be a child, so the login fails closed (NI1504) rather than pass as an adult's.
    /// </summary>
    public static LoginError? CheckAgeBand(AgeBand? band) =>
        band is AgeBand.Under14 or AgeBand.From14To17 or AgeBand.Adult ? null : LoginErrors.AgeBandMissing;

    /// <summary>Whether the person is a minor, whom the platform is always told of.</summary>
    public static bool IsMinor(AgeBand band) => band is AgeBand.Under14 or AgeBand.From14To17;
}
