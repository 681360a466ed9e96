using NetIdentity.Core.Disclosure;

namespace NetIdentity.Core.Tests;

/// <summary>The masking rules of netid.masked (docs/claims.md): surname only; first and last characters.</summary>
public sealed class MaskingTests
{
    [Theory]
    [InlineData("赵一鸣", "赵**")]
    [InlineData("王五", "王*")]
    [InlineData("欧阳明月", "欧阳**")]
    [InlineData("诸葛亮", "诸葛*")]
    [InlineData("欧阳", "欧*")]
    [InlineData(" 孙小雨 ", "孙**")]
    [InlineData("赵", "*")]
    public void Name_Masked_KeepsTheSurnameOnly(string name, string expected) =>
        Assert.Equal(expected, Masking.Name(name));

    [Fact]
    public void Name_WithCharacterOutsideTheBasicPlane_CountsItAsOne()
    {
        // U+20BB7 (𠮷) is one character in two UTF-16 units; it must not leave half a surrogate.
        Assert.Equal("𠮷**", Masking.Name("𠮷一鸣"));
    }

    [Theory]
    [InlineData("110105199003071239", "1****************9")]
    [InlineData("11010519900307123X", "1****************X")]
    [InlineData("ab", "**")]
    public void IdNumber_Masked_KeepsFirstAndLastCharacters(string number, string expected) =>
        Assert.Equal(expected, Masking.IdNumber(number));

    [Fact]
    public void Name_Empty_Throws() => Assert.Throws<ArgumentException>(() => Masking.Name(" "));
}
