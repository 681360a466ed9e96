using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>Modes, levels and acr values (docs/claims.md; PRODUCT "Claims contract": acr is a level, not a method).</summary>
public sealed class AssuranceTests
{
    [Theory]
    [InlineData(VerificationMode.R01, AssuranceLevel.Level1)]
    [InlineData(VerificationMode.R02, AssuranceLevel.Level2)]
    [InlineData(VerificationMode.R03, AssuranceLevel.Level3)]
    [InlineData(VerificationMode.R04, AssuranceLevel.Level3)]
    public void Of_EachMode_ReachesItsLevel(VerificationMode mode, AssuranceLevel expected)
    {
        Assert.Equal(expected, Assurance.Of(mode));
    }

    [Fact]
    public void Of_UndefinedMode_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Assurance.Of((VerificationMode)5));
    }

    // The least demanding mode: never R04 for level 3, so nobody is asked for more than needed.
    [Theory]
    [InlineData(AssuranceLevel.Level1, VerificationMode.R01)]
    [InlineData(AssuranceLevel.Level2, VerificationMode.R02)]
    [InlineData(AssuranceLevel.Level3, VerificationMode.R03)]
    public void ModeFor_EachLevel_IsLeastDemandingMode(AssuranceLevel level, VerificationMode expected)
    {
        Assert.Equal(expected, Assurance.ModeFor(level));
    }

    [Theory]
    [InlineData(AssuranceLevel.Level1)]
    [InlineData(AssuranceLevel.Level2)]
    [InlineData(AssuranceLevel.Level3)]
    public void ModeFor_EachLevel_ReachesThatLevel(AssuranceLevel level)
    {
        Assert.Equal(level, Assurance.Of(Assurance.ModeFor(level)));
    }

    [Fact]
    public void ModeFor_UndefinedLevel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Assurance.ModeFor((AssuranceLevel)4));
    }

    // docs/claims.md fixes these URIs; changing one needs a version note.
    [Theory]
    [InlineData(AssuranceLevel.Level1, "urn:netidentity:acr:level1")]
    [InlineData(AssuranceLevel.Level2, "urn:netidentity:acr:level2")]
    [InlineData(AssuranceLevel.Level3, "urn:netidentity:acr:level3")]
    public void ToAcr_EachLevel_IsFixedUri(AssuranceLevel level, string expected)
    {
        Assert.Equal(expected, Assurance.ToAcr(level));
    }

    [Fact]
    public void SupportedAcrValues_Listed_AreTheThreeLevels()
    {
        Assert.Equal(["urn:netidentity:acr:level1", "urn:netidentity:acr:level2", "urn:netidentity:acr:level3"], Assurance.SupportedAcrValues);
    }

    [Theory]
    [InlineData("urn:netidentity:acr:level1", AssuranceLevel.Level1)]
    [InlineData("urn:netidentity:acr:level2", AssuranceLevel.Level2)]
    [InlineData("urn:netidentity:acr:level3", AssuranceLevel.Level3)]
    public void TryParseAcr_KnownValue_ReturnsLevel(string value, AssuranceLevel expected)
    {
        var parsed = Assurance.TryParseAcr(value, out var level);

        Assert.True(parsed);
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("urn:netidentity:acr:level")]
    [InlineData("urn:netidentity:acr:level0")]
    [InlineData("urn:netidentity:acr:level4")]
    [InlineData("urn:netidentity:acr:level12")]
    [InlineData("urn:netidentity:acr:levelx")]
    [InlineData("urn:netidentity:acr:level١")]
    [InlineData("URN:NETIDENTITY:ACR:LEVEL1")]
    [InlineData(" urn:netidentity:acr:level1")]
    [InlineData("urn:netidentity:acr:level1 ")]
    [InlineData("urn:other:acr:level1")]
    [InlineData("1")]
    public void TryParseAcr_MalformedValue_IsRefused(string? value)
    {
        var parsed = Assurance.TryParseAcr(value, out var level);

        Assert.False(parsed);
        Assert.Equal(default, level);
    }

    [Fact]
    public void Required_NoAcrValues_IsRegisteredMinimum()
    {
        Assert.Equal(AssuranceLevel.Level2, Assurance.Required(AssuranceLevel.Level2, null));
    }

    [Fact]
    public void Required_EmptyAcrValues_IsRegisteredMinimum()
    {
        Assert.Equal(AssuranceLevel.Level2, Assurance.Required(AssuranceLevel.Level2, []));
    }

    [Fact]
    public void Required_HigherAcrValue_RaisesLevel()
    {
        Assert.Equal(AssuranceLevel.Level3, Assurance.Required(AssuranceLevel.Level1, ["urn:netidentity:acr:level3"]));
    }

    // acr_values can ask for more than the registered minimum, never for less.
    [Fact]
    public void Required_LowerAcrValue_KeepsRegisteredMinimum()
    {
        Assert.Equal(AssuranceLevel.Level2, Assurance.Required(AssuranceLevel.Level2, ["urn:netidentity:acr:level1"]));
    }

    // OIDC Core §3.1.2.1 lists acr_values in order of preference; the broker honours the strictest.
    [Fact]
    public void Required_SeveralAcrValues_StrictestWins()
    {
        var required = Assurance.Required(AssuranceLevel.Level1, ["urn:netidentity:acr:level2", "urn:netidentity:acr:level3", "urn:netidentity:acr:level1"]);

        Assert.Equal(AssuranceLevel.Level3, required);
    }

    [Fact]
    public void Required_UnknownAcrValues_AreIgnored()
    {
        var required = Assurance.Required(AssuranceLevel.Level1, ["urn:other:loa:4", "urn:netidentity:acr:level9", "urn:netidentity:acr:level2"]);

        Assert.Equal(AssuranceLevel.Level2, required);
    }

    [Fact]
    public void Required_OnlyUnknownAcrValues_IsRegisteredMinimum()
    {
        Assert.Equal(AssuranceLevel.Level1, Assurance.Required(AssuranceLevel.Level1, ["urn:other:loa:4", "gold"]));
    }

    [Theory]
    [InlineData(AssuranceLevel.Level1, false)]
    [InlineData(AssuranceLevel.Level2, true)]
    [InlineData(AssuranceLevel.Level3, true)]
    public void OtherWayNeedsFace_AboveLevel1(AssuranceLevel required, bool expected)
    {
        Assert.Equal(expected, Assurance.OtherWayNeedsFace(required));
    }

    [Fact]
    public void OtherWayReaches_SmsAlone_IsLevel1AndWithFaceLevel3()
    {
        Assert.Equal((AssuranceLevel.Level1, AssuranceLevel.Level3), (Assurance.OtherWayReaches(faceMatched: false), Assurance.OtherWayReaches(faceMatched: true)));
    }
}
