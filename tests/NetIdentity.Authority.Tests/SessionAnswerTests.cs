using NetIdentity.Authority.Tests.Infrastructure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Authority.Tests;

/// <summary>The answer to <c>POST /v1/sessions</c> (authority-contract §3).</summary>
public sealed class SessionAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task OpenSession_Created_MapsEveryField()
    {
        var payload = Payloads.Session(Sample.BizSeq, "R02");
        _harness.AnswerSigned(Paths.Sessions, 201, payload);

        var session = await _harness.Authority.OpenSessionAsync(new SessionRequest(Sample.BizSeq, VerificationMode.R02, [], Sample.PlatformName, Sample.MatchCode), Ct);

        Assert.Equal(Sample.BizSeq, session.BizSeq);
        Assert.Equal(VerificationMode.R02, session.Mode);
        Assert.Equal("netid://qr/" + Sample.BizSeq, session.QrPayload);
        Assert.Equal(new Uri("https://app.example/sessions/" + Sample.BizSeq), session.AppLink);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 2, 0, TimeSpan.Zero), session.ExpiresAt);
    }

    // §3: appLink opens the app, so it must be an absolute URI.
    [Fact]
    public async Task OpenSession_RelativeAppLink_IsInvalidResponse()
    {
        var payload = Payloads.Session();
        payload["appLink"] = "sessions/" + Sample.BizSeq;
        _harness.AnswerSigned(Paths.Sessions, 201, payload);

        var error = await Assert.ThrowsAsync<AuthorityException>(() => AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Sessions, Ct));

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }
}
