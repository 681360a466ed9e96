using System.Globalization;

namespace NetIdentity.MockAuthority.Personas;

/// <summary>
/// A citizen identity number (GB 11643-1999): six digits of region, eight of birth date
/// (digits 7–14), three of sequence (the 17th odd for men, even for women) and a check character.
/// </summary>
internal readonly record struct ResidentIdNumber(string Value, DateOnly BirthDate, string Gender)
{
    /// <summary>GB 11643 §4: the weights 2^(18-i) mod 11 and the check character for each remainder.</summary>
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>China Standard Time: a birthday turns over at midnight in Beijing, not in UTC.</summary>
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static bool TryParse(string? text, out ResidentIdNumber number)
    {
        number = default;
        if (text is null || text.Length != 18 || text.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || text[17] != CheckCharacter(text.AsSpan(0, 17)))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
        {
            return false;
        }

        number = new ResidentIdNumber(text, birth, (text[16] - '0') % 2 == 1 ? "M" : "F");
        return true;
    }

    /// <summary>The check character of the first 17 digits (GB 11643 §4, ISO 7064 MOD 11-2).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>The age band on the given instant (PRODUCT: under 14, 14–17, adult; 未成年人网络保护条例).</summary>
    public string AgeBandAt(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);

        // Full years (周岁) are reached the day after the birthday; a 29 February birthday falls on
        // 28 February in a common year (AddYears; 民法典第二百零三条). The broker's rule is the same:
        // NetIdentity.Core ResidentIdNumber.FullYears, docs/minors.md (the mock may not reference Core).
        var age = today.Year - BirthDate.Year;
        if (today <= BirthDate.AddYears(age))
        {
            age--;
        }

        return age switch
        {
            < 14 => AgeBands.Under14,
            < 18 => AgeBands.Minor14To17,
            _ => AgeBands.Adult,
        };
    }
}

/// <summary>The age bands of contract §3.</summary>
internal static class AgeBands
{
    public const string Under14 = "under_14";
    public const string Minor14To17 = "14_17";
    public const string Adult = "adult";
}
