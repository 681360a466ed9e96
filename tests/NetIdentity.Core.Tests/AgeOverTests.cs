using NetIdentity.Core.Identity;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>
/// <c>age_over_14</c> and <c>age_over_18</c> (docs/claims.md v4): answered from the verified band,
/// in full years (周岁) on the date in China, and always the same answer as the birth date gives.
/// </summary>
public sealed class AgeOverTests
{
    [Theory]
    [InlineData(AgeBand.Under14, 14, false)]
    [InlineData(AgeBand.From14To17, 14, true)]
    [InlineData(AgeBand.Adult, 14, true)]
    [InlineData(AgeBand.Under14, 18, false)]
    [InlineData(AgeBand.From14To17, 18, false)]
    [InlineData(AgeBand.Adult, 18, true)]
    public void Reached_FromTheBand_AnswersTheThreshold(AgeBand band, int years, bool expected) =>
        Assert.Equal(expected, AgeOver.Reached(band, years));

    [Theory]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(21)]
    public void Reached_AThresholdThatIsNoBandBoundary_Throws(int years) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeOver.Reached(AgeBand.Adult, years));

    // Born 2012-11-22: 13 the day after 2025-11-22, 14 the day after 2026-11-22, 18 the day after 2030-11-22.
    [Theory]
    [InlineData("2026-11-21", false, false)] // 13, the day before the 14th birthday
    [InlineData("2026-11-22", false, false)] // the 14th birthday itself: 14 full years only from the next day
    [InlineData("2026-11-23", true, false)]  // 14
    [InlineData("2030-11-22", true, false)]  // 17 still: the 18th birthday itself
    [InlineData("2030-11-23", true, true)]   // 18
    public void Reached_AroundThe14thAnd18thBirthdays_ChangesTheDayAfter(string today, bool over14, bool over18)
    {
        var birth = new DateOnly(2012, 11, 22);
        var date = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((over14, over18), (AgeOver.Reached(birth, date, 14), AgeOver.Reached(birth, date, 18)));
    }

    // Born 29 February 2012: in a common year the birthday is 28 February, so the age is reached on 1 March.
    [Theory]
    [InlineData("2026-02-28", false)]
    [InlineData("2026-03-01", true)]
    public void Reached_BornOn29February_On1March(string today, bool over14) =>
        Assert.Equal(over14, AgeOver.Reached(new DateOnly(2012, 2, 29), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), 14));

    [Fact]
    public void Reached_AtMidnightBeijingTime_NotAtMidnightUtc()
    {
        var birth = new DateOnly(2012, 11, 22);

        // 2026-11-22T16:00Z is 2026-11-23 00:00 in Beijing: the day after the 14th birthday there.
        var justAfter = ResidentIdNumber.DateInChina(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));
        var justBefore = ResidentIdNumber.DateInChina(new DateTimeOffset(2026, 11, 22, 15, 59, 59, TimeSpan.Zero));

        Assert.True(AgeOver.Reached(birth, justAfter, 14));
        Assert.False(AgeOver.Reached(birth, justBefore, 14));
    }

    [Fact]
    public void Reached_FromTheBand_AgreesWithTheBirthDateOnEveryDayAroundTheBoundaries()
    {
        var birth = new DateOnly(2012, 2, 29);
        for (var today = new DateOnly(2025, 12, 1); today <= new DateOnly(2030, 4, 1); today = today.AddDays(1))
        {
            var band = ResidentIdNumber.AgeBandOf(birth, today);
            foreach (var years in AgeOver.Thresholds)
            {
                Assert.Equal(AgeOver.Reached(birth, today, years), AgeOver.Reached(band, years));
            }
        }
    }
}
