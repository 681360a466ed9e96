using NetIdentity.Authority.Tests.Infrastructure;

namespace NetIdentity.Authority.Tests;

/// <summary>The answer to <c>POST /v1/guardianships/check</c> (authority-contract §6).</summary>
public sealed class GuardianshipAnswerTests(TestKeys keys) : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness = new(keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("guardian", true)]
    [InlineData("none", false)]
    public async Task IsGuardian_Relation_MapsToAnswer(string relation, bool expected)
    {
        AnswerWithRelation(relation);

        var isGuardian = await Check();

        Assert.Equal(expected, isGuardian);
    }

    // §6 knows only guardian and none; anything else must not read as either.
    [Theory]
    [InlineData("parent")]
    [InlineData("GUARDIAN")]
    [InlineData("")]
    public async Task IsGuardian_UnknownRelation_IsInvalidResponse(string relation)
    {
        AnswerWithRelation(relation);

        var error = await Assert.ThrowsAsync<AuthorityException>(Check);

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }

    // §1.2: the payload must answer this request: its requestId is the one the adapter made.
    [Fact]
    public async Task IsGuardian_AnswerForAnotherRequestId_IsInvalidResponse()
    {
        _harness.AnswerSigned(Paths.Guardianships, 200, Payloads.Guardianship(Sample.RequestId));

        var error = await Assert.ThrowsAsync<AuthorityException>(Check);

        Assert.Equal(AuthorityFailure.InvalidResponse, error.Failure);
        Assert.Null(error.Code);
    }

    private void AnswerWithRelation(string relation) =>
        _harness.AnswerFromRequest(Paths.Guardianships, 200, body =>
            SignedAnswer.Create(Payloads.Guardianship(body.GetProperty("requestId").GetString()!, relation), _harness.Keys.AuthoritySigning));

    private Task<bool> Check() =>
        _harness.Authority.IsGuardianAsync(
            SubjectReference.ForAppScopedId(Sample.ChildAppScopedId), SubjectReference.ForAppScopedId(Sample.AppScopedId), Ct);
}
