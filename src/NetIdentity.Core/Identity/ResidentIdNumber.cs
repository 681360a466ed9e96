using System.Globalization;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Identity;

/// <summary>
/// The citizen identity number of GB 11643-1999: six address digits, the birth date
/// (YYYYMMDD), three sequence digits and an ISO 7064 MOD 11-2 check character (0–9 or X).
/// Used on the other path to refuse mistyped numbers before anything leaves the broker, and to
/// derive an age band (never a birth date) from the number.
/// </summary>
public static class ResidentIdNumber
{
    /// <summary>The ID type name on the wire and in claims (居民身份证).</summary>
    public const string IdType = "resident_id";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>
    /// <c>true</c> when <paramref name="value"/> is 18 characters, digits but for a final X, with a
    /// real birth date not after <paramref name="today"/>, and the right check character.
    /// </summary>
    public static bool IsValid(string? value, DateOnly today) => TryParseBirthDate(value, today, out _);

    /// <summary>Uppercases a trailing x and trims; the form people type is not always the canonical one.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToUpperInvariant();
    }

    public static bool TryParseBirthDate(string? value, DateOnly today, out DateOnly birthDate)
    {
        birthDate = default;
        if (value is not { Length: 18 } || !value.AsSpan(0, 17).ContainsOnlyDigits())
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * Weights[i];
        }

        if (value[17] != CheckCharacters[sum % 11])
        {
            return false;
        }

        return DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate)
            && birthDate <= today
            && birthDate.Year >= 1900;
    }

    /// <summary>China Standard Time, UTC+8 all year: the calendar the legal age is counted in.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The date in China at <paramref name="now"/>: a birthday begins at midnight Beijing time, not UTC.</summary>
    public static DateOnly DateInChina(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);

    /// <summary>The age band on <paramref name="today"/> of a person born on <paramref name="birthDate"/>.</summary>
    public static AgeBand AgeBandOf(DateOnly birthDate, DateOnly today)
    {
        var age = FullYears(birthDate, today);
        return age < 14 ? AgeBand.Under14 : age < 18 ? AgeBand.From14To17 : AgeBand.Adult;
    }

    /// <summary>
    /// The age in full years (周岁) on <paramref name="today"/>, as Chinese law counts it: N full
    /// years are reached on the day <em>after</em> the N-th birthday (周岁从生日的第二天起算:
    /// 最高人民法院《关于审理未成年人刑事案件具体应用法律若干问题的解释》第二条). A 29 February
    /// birthday falls, in a common year, on the last day of February (民法典第二百零三条: where the
    /// month has no corresponding day, its last day), so that age is reached on 1 March.
    /// docs/minors.md, "How the age is counted".
    /// </summary>
    public static int FullYears(DateOnly birthDate, DateOnly today)
    {
        // AddYears maps 29 February to 28 February in a common year: the last day of the month.
        var years = today.Year - birthDate.Year;
        if (today <= birthDate.AddYears(years))
        {
            years--;
        }

        return Math.Max(0, years);
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
