using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.Bench.Tests;

/// <summary>
/// The driver reads an NI code only where the broker puts one: a normal page that happens to hold
/// "NI" and four digits (a random antiforgery token) is not a failure. Once, one consent login in
/// 2535 was reported as "NI6989", a code that does not exist.
/// </summary>
public sealed class PagesTests
{
    [Fact]
    public void ErrorCode_OfAPageWhoseTokenHoldsNIAndFourDigits_IsNone()
    {
        const string consentPage = "<form><input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"CfDJ8NI6989xYz\" /></form>";

        Assert.Null(Pages.ErrorCode(consentPage));
    }

    [Fact]
    public void ErrorCode_OfAFailurePage_IsItsDataErrorCode()
    {
        Assert.Equal("NI1302", Pages.ErrorCode("<main data-error-code=\"NI1302\"><p>NI9999 elsewhere</p></main>"));
    }

    [Theory]
    [InlineData("NI2001%3A%20the%20platform%20has%20no%20legal%20basis", "NI2001")]
    [InlineData("NI2001: the platform has no legal basis", "NI2001")]
    [InlineData("the request was refused (see NI2001)", null)]
    [InlineData("", null)]
    public void DescriptionCode_IsTheCodeTheDescriptionStartsWith(string description, string? expected)
    {
        Assert.Equal(expected, Pages.DescriptionCode(description));
    }
}
