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

    [Theory]
    [InlineData("2029-06-11T15:59:59Z", "under_14")]
    [InlineData("2029-06-11T16:00:00Z", "14_17")]
    [InlineData("2033-06-11T16:00:00Z", "adult")]
    public void AgeBandAt_AroundBirthdaysInChinaTime_ChangesAtBeijingMidnight(string instant, string band)
    {
        Assert.True(ResidentIdNumber.TryParse("110105201506120426", out var child));

        Assert.Equal(band, child.AgeBandAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
