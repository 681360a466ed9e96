using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.RelyingParty;

/// <summary>
/// The broker as any platform sees it: an independent, certified relying party (openid-client v6
/// on Node.js) logs in with discovery, PKCE S256, state and nonce, and validates what it gets.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class OpenIdClientTests(SandboxFixture sandbox)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task CodeFlow_WithOpenIdClient_IdTokenHoldsExactlyTheDocumentedClaims()
    {
        sandbox.WriteDatabaseNote();

        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        Assert.Equal(DocumentedClaims.IdToken, IndependentLogin.Names(login.Claims));
        Assert.Equal(sandbox.Broker.ToString(), login.Claims.GetProperty("iss").GetString());
        Assert.Equal(SandboxFixture.ScriptClientId, login.Claims.GetProperty("aud").GetString());
        Assert.Equal("urn:netidentity:acr:level1", login.Claims.GetProperty("acr").GetString());
        Assert.Equal("pass", login.Claims.GetProperty("netid_result").GetString());
        Assert.Equal(login.Claims.GetProperty("auth_time").GetInt64(), login.Claims.GetProperty("netid_verified_at").GetInt64());
    }

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task UserInfo_WithOpenIdClient_HoldsSubjectAndResultOnly()
    {
        sandbox.WriteDatabaseNote();

        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        Assert.Equal(DocumentedClaims.UserInfo, IndependentLogin.Names(login.UserInfo));
        Assert.Equal(login.Subject, login.UserInfo.GetProperty("sub").GetString());
        Assert.Equal("pass", login.UserInfo.GetProperty("netid_result").GetString());
        Assert.Equal(login.Claims.GetProperty("netid_verified_at").GetInt64(), login.UserInfo.GetProperty("netid_verified_at").GetInt64());
    }

    [Fact]
    [ExercisesPersonas("adult", "minor-14-17")]
    public async Task Subject_SamePersonLoggingInTwice_IsStableAndPairwise()
    {
        sandbox.WriteDatabaseNote();

        var first = await IndependentClient.LoginAsync(sandbox, "adult", Ct);
        var second = await IndependentClient.LoginAsync(sandbox, "adult", Ct);
        var someoneElse = await IndependentClient.LoginAsync(sandbox, "minor-14-17", Ct);

        // docs/claims.md: base64url of an HMAC-SM3 (43 characters), stable per person and sector.
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first.Subject);
        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.Subject, someoneElse.Subject);
        Assert.NotEqual(first.BizSeq, second.BizSeq);
    }
}
