using System.Globalization;

namespace NetIdentity.Client;

/// <summary>Converts between assurance levels (1–3) and <c>acr</c> values (docs/claims.md).</summary>
public static class AssuranceLevels
{
    /// <summary>The <c>acr</c> value of <paramref name="level"/>, e.g. <c>urn:netidentity:acr:level2</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not 1, 2 or 3.</exception>
    public static string ToAcr(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, NetIdentityDefaults.MinimumAcrLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, NetIdentityDefaults.MaximumAcrLevel);
        return NetIdentityDefaults.AcrPrefix + level.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The level of a NetIdentity <c>acr</c> value; false for anything else.</summary>
    public static bool TryParse(string? acr, out int level)
    {
        level = 0;
        if (acr is null
            || acr.Length != NetIdentityDefaults.AcrPrefix.Length + 1
            || !acr.StartsWith(NetIdentityDefaults.AcrPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digit = acr[^1] - '0';
        if (digit is < NetIdentityDefaults.MinimumAcrLevel or > NetIdentityDefaults.MaximumAcrLevel)
        {
            return false;
        }

        level = digit;
        return true;
    }
}
