namespace NetIdentity.Client.Tests;

public sealed class ClaimsPrincipalExtensionsTests
{
    [Fact]
    public void IsNetIdVerified_WhenAuthenticatedWithPass_IsTrue()
    {
        Assert.True(Principals.Verified().IsNetIdVerified());
    }

    [Fact]
    public void IsNetIdVerified_WhenPassInIdTokenAndUserInfo_IsTrue()
    {
        Assert.True(Principals.Authenticated(("netid_result", "pass"), ("netid_result", "pass")).IsNetIdVerified());
    }

    [Fact]
    public void IsNetIdVerified_WhenNotAuthenticated_IsFalse()
    {
        Assert.False(Principals.Anonymous(("netid_result", "pass")).IsNetIdVerified());
    }

    [Fact]
    public void IsNetIdVerified_WhenNoResult_IsFalse()
    {
        Assert.False(Principals.Authenticated(("sub", "s")).IsNetIdVerified());
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("Pass")]
    [InlineData("")]
    public void IsNetIdVerified_WhenResultIsNotPass_IsFalse(string result)
    {
        Assert.False(Principals.Authenticated(("netid_result", result)).IsNetIdVerified());
    }

    [Fact]
    public void IsNetIdVerified_WhenResultsContradict_IsFalse()
    {
        Assert.False(Principals.Authenticated(("netid_result", "pass"), ("netid_result", "fail")).IsNetIdVerified());
    }

    [Fact]
    public void GetNetIdVerifiedAt_WhenEpochSeconds_ReturnsTheInstant()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), Principals.Verified().GetNetIdVerifiedAt());
    }

    [Fact]
    public void GetNetIdVerifiedAt_WhenSameValueTwice_ReturnsIt()
    {
        var principal = Principals.Authenticated(("netid_verified_at", "1795000000"), ("netid_verified_at", "1795000000"));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), principal.GetNetIdVerifiedAt());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999")]
    public void GetNetIdVerifiedAt_WhenMalformed_IsNull(string value)
    {
        Assert.Null(Principals.Authenticated(("netid_verified_at", value)).GetNetIdVerifiedAt());
    }

    [Fact]
    public void GetNetIdVerifiedAt_WhenMissing_IsNull()
    {
        Assert.Null(Principals.Authenticated(("sub", "s")).GetNetIdVerifiedAt());
    }

    [Fact]
    public void GetNetIdVerifiedAt_WhenValuesContradict_IsNull()
    {
        Assert.Null(Principals.Authenticated(("netid_verified_at", "1795000000"), ("netid_verified_at", "1795000001")).GetNetIdVerifiedAt());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GetAssuranceLevel_WhenNetIdentityAcr_ReturnsTheLevel(int level)
    {
        Assert.Equal(level, Principals.Verified(level).GetAssuranceLevel());
    }

    [Theory]
    [InlineData("urn:netidentity:acr:level0")]
    [InlineData("urn:netidentity:acr:level12")]
    [InlineData("level2")]
    [InlineData("0")]
    public void GetAssuranceLevel_WhenNotANetIdentityAcr_IsNull(string acr)
    {
        Assert.Null(Principals.Authenticated(("acr", acr)).GetAssuranceLevel());
    }

    [Fact]
    public void GetAssuranceLevel_WhenMissing_IsNull()
    {
        Assert.Null(Principals.Authenticated(("sub", "s")).GetAssuranceLevel());
    }

    [Fact]
    public void GetAssuranceLevel_WhenValuesContradict_IsNull()
    {
        var principal = Principals.Authenticated(("acr", "urn:netidentity:acr:level1"), ("acr", "urn:netidentity:acr:level3"));

        Assert.Null(principal.GetAssuranceLevel());
    }
}
