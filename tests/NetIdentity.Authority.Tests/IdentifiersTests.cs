namespace NetIdentity.Authority.Tests;

/// <summary>bizSeq and requestId: 32 letters or digits, fresh per transaction (authority-contract §1).</summary>
public sealed class IdentifiersTests
{
    [Fact]
    public void NewBizSeq_Shape_Is32AsciiAlphanumerics()
    {
        var bizSeq = Identifiers.NewBizSeq();

        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
    }

    [Fact]
    public void NewRequestId_Shape_Is32AsciiAlphanumerics()
    {
        var requestId = Identifiers.NewRequestId();

        Assert.Matches("^[A-Za-z0-9]{32}$", requestId);
    }

    // About 190 bits each: a repeat in a thousand draws means the source is not random.
    [Fact]
    public void NewBizSeq_ManyDraws_NeverRepeat()
    {
        var drawn = Enumerable.Range(0, 1000).Select(_ => Identifiers.NewBizSeq()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, drawn.Count);
    }

    [Fact]
    public void NewBizSeq_Drawn_IsValid()
    {
        Assert.True(Identifiers.IsValid(Identifiers.NewBizSeq()));
    }

    [Theory]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    public void IsValid_32AsciiAlphanumerics_True(string value)
    {
        Assert.True(Identifiers.IsValid(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f0")]
    [InlineData("9f1c0a7e-5b2d-4c3a-8e6f-1b0d2c4a")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8 ")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8é")]
    [InlineData("9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8１")]
    public void IsValid_AnythingElse_False(string? value)
    {
        Assert.False(Identifiers.IsValid(value));
    }
}
