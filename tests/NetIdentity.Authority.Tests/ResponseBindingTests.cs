using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>
/// A verified payload must answer this very request: its type, orgId, appId and bizSeq or
/// requestId (authority-contract §1.2, §8 point 2).
/// </summary>
public sealed class ResponseBindingTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Answer_EachMethod_WellFormed_IsAccepted(string path)
    {
        ContractAuthority.Install(_harness);

        var exception = await Record.ExceptionAsync(() => AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct));

        Assert.Null(exception);
    }

    // e.g. a correctly signed credential replayed as the answer to a session request.
    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Answer_EachMethod_PayloadOfWrongType_IsInvalidResponse(string path)
    {
        ContractAuthority.Install(_harness, (_, payload) => payload["type"] = path == Paths.Credentials ? "netid.session" : "netid.credential");

        await AssertInvalidResponse(path);
    }

    [Theory]
    [InlineData(Paths.Sessions, "bizSeq", Sample.OtherBizSeq)]
    [InlineData(Paths.Sessions, "orgId", "ORG-OTHER")]
    [InlineData(Paths.Sessions, "appId", "other-app")]
    [InlineData(Paths.Identity, "bizSeq", Sample.OtherBizSeq)]
    [InlineData(Paths.Identity, "orgId", "ORG-OTHER")]
    [InlineData(Paths.Identity, "appId", "other-app")]
    [InlineData(Paths.Guardianships, "requestId", Sample.RequestId)]
    [InlineData(Paths.Guardianships, "orgId", "ORG-OTHER")]
    [InlineData(Paths.Guardianships, "appId", "other-app")]
    [InlineData(Paths.RealName, "requestId", "0000aaaa1111bbbb2222cccc3333dddd")]
    [InlineData(Paths.RealName, "orgId", "ORG-OTHER")]
    [InlineData(Paths.RealNameOtp, "requestId", "0000aaaa1111bbbb2222cccc3333dddd")]
    [InlineData(Paths.RealNameOtp, "appId", "other-app")]
    [InlineData(Paths.RealNameFace, "requestId", "0000aaaa1111bbbb2222cccc3333dddd")]
    [InlineData(Paths.RealNameFace, "orgId", "ORG-OTHER")]
    public async Task Answer_EchoingAnotherTransaction_IsInvalidResponse(string path, string field, string value)
    {
        ContractAuthority.Install(_harness, (_, payload) => payload[field] = value);

        await AssertInvalidResponse(path);
    }

    // bizSeq and orgId of a credential are judged by CredentialRules (NI1102, NI1105); the appId is
    // the adapter's to check, because nothing after it knows which app the broker is (§8 point 2).
    [Fact]
    public async Task Credential_ForAnotherApp_IsInvalidResponse()
    {
        ContractAuthority.Install(_harness, (_, payload) => payload["appId"] = "other-app");

        await AssertInvalidResponse(Paths.Credentials);
    }

    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Answer_EachMethod_WithoutType_IsInvalidResponse(string path)
    {
        ContractAuthority.Install(_harness, (_, payload) => payload.Remove("type"));

        await AssertInvalidResponse(path);
    }

    private async Task AssertInvalidResponse(string path)
    {
        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }
}
