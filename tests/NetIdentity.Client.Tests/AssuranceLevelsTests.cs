namespace NetIdentity.Client.Tests;

public sealed class AssuranceLevelsTests
{
    [Theory]
    [InlineData(1, "urn:netidentity:acr:level1")]
    [InlineData(3, "urn:netidentity:acr:level3")]
    public void ToAcr_WhenLevelInRange_IsTheContractValue(int level, string acr)
    {
        Assert.Equal(acr, AssuranceLevels.ToAcr(level));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void ToAcr_WhenLevelOutOfRange_Throws(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssuranceLevels.ToAcr(level));
    }

    [Fact]
    public void SetNetIdAcrLevel_WhenLevelOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Microsoft.AspNetCore.Authentication.AuthenticationProperties().SetNetIdAcrLevel(4));
    }
}
