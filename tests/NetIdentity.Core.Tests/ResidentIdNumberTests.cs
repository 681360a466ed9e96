using NetIdentity.Core.Identity;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>GB 11643-1999 citizen identity numbers: check character (ISO 7064 MOD 11-2) and birth date.</summary>
public sealed class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("110105199003071239")]
    [InlineData("110105201506120426")]
    [InlineData("440305201109090363")]
    [InlineData("11010519900307101X")]
    public void IsValid_MockPersonaNumbers_AreValid(string number) => Assert.True(ResidentIdNumber.IsValid(number, Today));

    [Theory]
    [InlineData("110105199003071238", "wrong check digit")]
    [InlineData("11010519900307123", "17 characters")]
    [InlineData("1101051990030712399", "19 characters")]
    [InlineData("11010519900230123X", "30 February")]
    [InlineData("110105203001011234", "born after today")]
    [InlineData("11010519900307101x", "lower-case x is normalised by the caller, not accepted raw")]
    [InlineData("A10105199003071239", "a letter")]
    public void IsValid_BadNumbers_AreRefused(string number, string why) => Assert.False(ResidentIdNumber.IsValid(number, Today), why);

    [Fact]
    public void Normalize_LowerCaseX_UpperCasesAndTrims() => Assert.Equal("11010519900307101X", ResidentIdNumber.Normalize(" 11010519900307101x "));

    [Fact]
    public void TryParseBirthDate_ValidNumber_ReadsDigitsSevenToFourteen()
    {
        Assert.True(ResidentIdNumber.TryParseBirthDate("110105199003071239", Today, out var birth));
        Assert.Equal(new DateOnly(1990, 3, 7), birth);
    }

    // 周岁从生日的第二天起算 (SPC interpretation on juvenile criminal cases, Art. 2): on the 14th
    // and 18th birthdays themselves the person is still 13 and 17; the band changes the day after.
    [Theory]
    [InlineData(2012, 11, 23, AgeBand.Under14)]
    [InlineData(2012, 11, 22, AgeBand.Under14)]
    [InlineData(2012, 11, 21, AgeBand.From14To17)]
    [InlineData(2008, 11, 23, AgeBand.From14To17)]
    [InlineData(2008, 11, 22, AgeBand.From14To17)]
    [InlineData(2008, 11, 21, AgeBand.Adult)]
    public void AgeBandOf_AroundThe14thAnd18thBirthdays_ChangesTheDayAfter(int year, int month, int day, AgeBand expected) =>
        Assert.Equal(expected, ResidentIdNumber.AgeBandOf(new DateOnly(year, month, day), Today));

    [Theory]
    [InlineData("2026-11-21", 13)] // the day before the 14th birthday
    [InlineData("2026-11-22", 13)] // the birthday itself
    [InlineData("2026-11-23", 14)] // the day after: 14 full years
    [InlineData("2012-11-22", 0)] // the day of birth
    [InlineData("2013-11-22", 0)] // the first birthday
    [InlineData("2013-11-23", 1)]
    public void FullYears_AroundABirthday_CountFromTheDayAfter(string today, int expected) =>
        Assert.Equal(expected, ResidentIdNumber.FullYears(new DateOnly(2012, 11, 22), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    // Born 29 February: in a common year the birthday is the last day of February
    // (民法典第二百零三条), so the age is reached on 1 March; in a leap year, on 1 March too.
    [Theory]
    [InlineData("2026-02-27", 13)]
    [InlineData("2026-02-28", 13)] // the anniversary in a common year
    [InlineData("2026-03-01", 14)]
    [InlineData("2024-02-28", 11)]
    [InlineData("2024-02-29", 11)] // the anniversary in a leap year
    [InlineData("2024-03-01", 12)]
    public void FullYears_BornOn29February_ReachedOn1March(string today, int expected) =>
        Assert.Equal(expected, ResidentIdNumber.FullYears(new DateOnly(2012, 2, 29), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2030-02-28", AgeBand.From14To17)] // 18th birthday, a common year
    [InlineData("2030-03-01", AgeBand.Adult)]
    [InlineData("2026-02-28", AgeBand.Under14)] // 14th birthday, a common year
    [InlineData("2026-03-01", AgeBand.From14To17)]
    public void AgeBandOf_BornOn29February_ChangesOn1March(string today, AgeBand expected) =>
        Assert.Equal(expected, ResidentIdNumber.AgeBandOf(new DateOnly(2012, 2, 29), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    // A birthday begins at midnight in Beijing (UTC+8), not at midnight UTC.
    [Theory]
    [InlineData("2026-11-22T15:59:59Z", "2026-11-22")]
    [InlineData("2026-11-22T16:00:00Z", "2026-11-23")]
    public void DateInChina_AroundMidnightBeijingTime_IsTheChineseDate(string now, string expected) =>
        Assert.Equal(
            DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ResidentIdNumber.DateInChina(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
}
