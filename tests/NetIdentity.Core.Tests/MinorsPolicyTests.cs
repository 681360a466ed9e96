using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>Minors fail closed (issue 8 §4; docs/minors.md).</summary>
public sealed class MinorsPolicyTests
{
    [Fact]
    public void CheckAgeBand_WhenMissing_IsNI1504()
    {
        Assert.Equal("NI1504", MinorsPolicy.CheckAgeBand(null)?.Code);
    }

    [Fact]
    public void CheckAgeBand_WhenNotAKnownBand_IsNI1504()
    {
        Assert.Equal("NI1504", MinorsPolicy.CheckAgeBand((AgeBand)0)?.Code);
    }

    [Theory]
    [InlineData(AgeBand.Under14)]
    [InlineData(AgeBand.From14To17)]
    [InlineData(AgeBand.Adult)]
    public void CheckAgeBand_WhenStated_Passes(AgeBand band)
    {
        Assert.Null(MinorsPolicy.CheckAgeBand(band));
    }

    [Theory]
    [InlineData(AgeBand.Under14, true)]
    [InlineData(AgeBand.From14To17, true)]
    [InlineData(AgeBand.Adult, false)]
    public void IsMinor_ByBand(AgeBand band, bool expected)
    {
        Assert.Equal(expected, MinorsPolicy.IsMinor(band));
    }
}
