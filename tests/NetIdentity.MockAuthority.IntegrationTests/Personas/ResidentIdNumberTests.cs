using NetIdentity.MockAuthority.Personas;

namespace NetIdentity.MockAuthority.IntegrationTests.Personas;

/// <summary>GB 11643 numbers and age bands, checked directly (internals visible to this project).</summary>
public sealed class ResidentIdNumberTests
{
    [Theory]
    [InlineData("110105199003071239", "M")]
    [InlineData("110105197601010904", "F")]
    [InlineData("320503197806150378", "M")]
    [InlineData("110105199211030482", "F")]
    [InlineData("11010519491231002X", "F")]
    public void TryParse_ValidNumber_ReadsBirthDateAndGender(string number, string gender)
    {
        Assert.True(ResidentIdNumber.TryParse(number, out var parsed));
        Assert.Equal(gender, parsed.Gender);
    }

    [Theory]
    [InlineData("110105199003071238")]
    [InlineData("11010519900307123")]
    [InlineData("110105199013071232")]
    [InlineData("A10105199003071239")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_InvalidNumber_Refuses(string? number)
    {
        Assert.False(ResidentIdNumber.TryParse(number, out _));
    }

    // Full years are reached the day after the birthday (周岁从生日的第二天起算), at midnight in
    // Beijing: born 12 June 2015, 14 on 13 June 2029 00:00 UTC+8, 18 on 13 June 2033.
    [Theory]
    [InlineData("2029-06-11T16:00:00Z", "under_14")] // the 14th birthday begins
    [InlineData("2029-06-12T15:59:59Z", "under_14")] // the 14th birthday's last second
    [InlineData("2029-06-12T16:00:00Z", "14_17")] // the day after
    [InlineData("2033-06-12T15:59:59Z", "14_17")] // the 18th birthday
    [InlineData("2033-06-12T16:00:00Z", "adult")]
    public void AgeBandAt_AroundBirthdaysInChinaTime_ChangesTheDayAfterAtBeijingMidnight(string instant, string band)
    {
        Assert.True(ResidentIdNumber.TryParse("110105201506120426", out var child));

        Assert.Equal(band, child.AgeBandAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Born 29 February 2012: the 14th birthday in 2026 (a common year) is 28 February (民法典
    // 第二百零三条), so the person is 14 from 1 March.
    [Theory]
    [InlineData("2026-02-28T12:00:00Z", "under_14")]
    [InlineData("2026-02-28T16:00:00Z", "14_17")]
    public void AgeBandAt_BornOn29February_Reaches14On1March(string instant, string band)
    {
        Assert.True(ResidentIdNumber.TryParse("110105201202290426", out var child));

        Assert.Equal(band, child.AgeBandAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
