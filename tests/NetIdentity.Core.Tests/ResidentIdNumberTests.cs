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

    [Theory]
    [InlineData(2012, 11, 23, AgeBand.Under14)]
    [InlineData(2012, 11, 22, AgeBand.From14To17)]
    [InlineData(2008, 11, 23, AgeBand.From14To17)]
    [InlineData(2008, 11, 22, AgeBand.Adult)]
    public void AgeBandOf_AroundBirthdays_ChangesOnTheDay(int year, int month, int day, AgeBand expected) =>
        Assert.Equal(expected, ResidentIdNumber.AgeBandOf(new DateOnly(year, month, day), Today));
}
