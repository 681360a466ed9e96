using System.Reflection;
using NetIdentity.Core.Errors;

namespace NetIdentity.Core.Tests;

/// <summary>The catalogue of login failures: stable codes, standard OAuth errors (RFC 6749 §4.1.2.1).</summary>
public sealed class LoginErrorsTests
{
    public static TheoryData<string> Codes => [.. LoginErrors.All.Select(e => e.Code)];

    [Fact]
    public void All_Codes_AreUnique()
    {
        Assert.Equal(LoginErrors.All.Count, LoginErrors.All.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
    }

    // A public error left out of All would have no documentation check and no look-up.
    [Fact]
    public void All_Catalogue_ListsEveryDeclaredError()
    {
        var declared = typeof(LoginErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LoginError))
            .Select(f => (LoginError)f.GetValue(null)!);

        Assert.Equal(declared.Select(e => e.Code).Order(StringComparer.Ordinal), LoginErrors.All.Select(e => e.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Code_EachError_HasNiFormat(string code)
    {
        Assert.Matches("^NI[0-9]{4}$", code);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void OAuthError_EachError_IsAccessDeniedOrTemporarilyUnavailable(string code)
    {
        Assert.Contains(LoginErrors.Find(code)!.OAuthError, new[] { "access_denied", "temporarily_unavailable" });
    }

    // NI12xx: the authority could not be reached or refused the broker; NI16xx: NetIdentity itself
    // could not serve (its database); the rest are final for this attempt.
    [Theory]
    [MemberData(nameof(Codes))]
    public void OAuthError_EachError_FollowsCodeFamily(string code)
    {
        var expected = code.StartsWith("NI12", StringComparison.Ordinal) || code.StartsWith("NI16", StringComparison.Ordinal) ? "temporarily_unavailable" : "access_denied";

        Assert.Equal(expected, LoginErrors.Find(code)!.OAuthError);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void OAuthDescription_EachError_IsCodeThenDescription(string code)
    {
        var error = LoginErrors.Find(code)!;

        Assert.StartsWith(code + ": ", error.OAuthDescription, StringComparison.Ordinal);
        Assert.Equal($"{code}: {error.Description}", error.OAuthDescription);
    }

    // RFC 6749 §4.1.2.1: error_description is limited to printable ASCII (%x20-21 / %x23-5B / %x5D-7E).
    [Theory]
    [MemberData(nameof(Codes))]
    public void OAuthDescription_EachError_UsesOnlyCharactersRfc6749Allows(string code)
    {
        var description = LoginErrors.Find(code)!.OAuthDescription;

        Assert.All(description, c => Assert.True(c is >= '\x20' and <= '\x7E' and not '"' and not '\\', $"'{c}' is not allowed"));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Words_EachError_ArePresentInBothLanguages(string code)
    {
        var error = LoginErrors.Find(code)!;

        Assert.False(string.IsNullOrWhiteSpace(error.MessageZh));
        Assert.False(string.IsNullOrWhiteSpace(error.MessageEn));
        Assert.False(string.IsNullOrWhiteSpace(error.AdviceZh));
        Assert.False(string.IsNullOrWhiteSpace(error.AdviceEn));
    }

    [Fact]
    public void ToString_AnyError_IsCode()
    {
        Assert.Equal("NI1001", LoginErrors.RefusedInApp.ToString());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Find_KnownCode_ReturnsThatError(string code)
    {
        Assert.Equal(code, LoginErrors.Find(code)!.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NI9999")]
    [InlineData("ni1001")]
    public void Find_UnknownCode_ReturnsNull(string? code)
    {
        Assert.Null(LoginErrors.Find(code));
    }

    // authority-contract §5.
    [Theory]
    [InlineData("C0401001", "NI1002")]
    [InlineData("C0401002", "NI1003")]
    [InlineData("C0401003", "NI1004")]
    [InlineData("C0401011", "NI1005")]
    [InlineData("C0401021", "NI1006")]
    [InlineData("C0401031", "NI1001")]
    [InlineData("C0402001", "NI1008")]
    [InlineData("C0000000", "NI1008")]
    [InlineData("C9999999", "NI1008")]
    [InlineData("", "NI1008")]
    public void ForResultCode_EachAuthorityReason_MapsToError(string resultCode, string expected)
    {
        Assert.Equal(expected, LoginErrors.ForResultCode(resultCode).Code);
    }
}
