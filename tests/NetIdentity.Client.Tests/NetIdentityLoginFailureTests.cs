using Microsoft.AspNetCore.Authentication;

namespace NetIdentity.Client.Tests;

public sealed class NetIdentityLoginFailureTests
{
    [Fact]
    public void FromException_WhenBrokerError_ReadsErrorDescriptionAndUri()
    {
        var exception = new InvalidOperationException("Message contains error");
        exception.Data["error"] = "access_denied";
        exception.Data["error_description"] = "NI1001: The person refused the verification in the app.";
        exception.Data["error_uri"] = "http://127.0.0.1:5100/errors/NI1001";

        var failure = NetIdentityLoginFailure.FromException(exception);

        Assert.Equal("access_denied", failure.Error);
        Assert.Equal("NI1001: The person refused the verification in the app.", failure.Description);
        Assert.Equal("http://127.0.0.1:5100/errors/NI1001", failure.ErrorUri);
        Assert.Equal("NI1001", failure.NetIdErrorCode);
    }

    [Fact]
    public void FromException_WhenErrorOnInnerException_FindsIt()
    {
        var inner = new InvalidOperationException("inner");
        inner.Data["error"] = "invalid_grant";

        var failure = NetIdentityLoginFailure.FromException(new AuthenticationFailureException("outer", inner));

        Assert.Equal("invalid_grant", failure.Error);
        Assert.Null(failure.Description);
        Assert.Null(failure.NetIdErrorCode);
    }

    [Fact]
    public void FromException_WhenNoOAuthError_IsGenericWithTheMessage()
    {
        var failure = NetIdentityLoginFailure.FromException(new AuthenticationFailureException("Correlation failed."));

        Assert.Equal(NetIdentityLoginFailure.GenericError, failure.Error);
        Assert.Equal("Correlation failed.", failure.Description);
    }

    [Fact]
    public void FromException_WhenNull_IsGeneric()
    {
        Assert.Equal(new NetIdentityLoginFailure("login_failed", null, null), NetIdentityLoginFailure.FromException(null));
    }

    [Theory]
    [InlineData("NI12: short", null)]
    [InlineData("The NI1001: code is not first", null)]
    [InlineData("NI1203: The authority is unavailable.", "NI1203")]
    public void NetIdErrorCode_OnlyWhenTheDescriptionStartsWithACode(string description, string? code)
    {
        Assert.Equal(code, new NetIdentityLoginFailure("access_denied", description, null).NetIdErrorCode);
    }
}
