using System.Net;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Sessions;

/// <summary>Every 网号/网证 persona in every mode (docs/mock-authority.md, the personas table; contract §5).</summary>
public sealed class PersonaOutcomeTests(SharedMockAuthority shared)
{
    private const string Pass = "C0000000";

    /// <summary>
    /// persona, mode, expected result code, expected face score (R03/R04 only). The outage,
    /// bad-signature and replayed personas have tests of their own (CredentialQueryTests).
    /// </summary>
    public static readonly TheoryData<string, string, string, double?> Outcomes = Build();

    private MockAuthorityHost Mock => shared.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Credential_PersonaInMode_CarriesTheDocumentedResult(string persona, string mode, string resultCode, double? faceScore)
    {
        var bizSeq = await Mock.ApprovedSessionAsync(persona, mode);

        var credential = (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload;

        Assert.Equal(resultCode, credential.GetProperty("resultCode").GetString());
        Assert.Equal(resultCode == Pass ? "pass" : "fail", credential.GetProperty("result").GetString());
        Assert.Equal(resultCode == Pass, credential.TryGetProperty("appScopedId", out _));
        if (faceScore is { } expected)
        {
            Assert.Equal(expected, credential.GetProperty("faceScore").GetDouble(), 3);
        }
        else
        {
            Assert.False(credential.TryGetProperty("faceScore", out _));
        }
    }

    [Theory]
    [InlineData("R01")]
    [InlineData("R02")]
    [InlineData("R03")]
    [InlineData("R04")]
    public async Task Credential_OutagePersonaInAnyMode_AnswersA0503001(string mode)
    {
        var bizSeq = await Mock.ApprovedSessionAsync("outage", mode);

        var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);

        response.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
    }

    [Theory]
    [InlineData("adult", "R02", "654321", null, "C0401011")]
    [InlineData("wrong-password", "R02", "123456", null, Pass)]
    [InlineData("wrong-password", "R04", "123456", "match", Pass)]
    [InlineData("adult", "R03", null, "mismatch", "C0401021")]
    [InlineData("face-mismatch", "R03", null, "match", Pass)]
    [InlineData("face-mismatch", "R04", "000000", "match", "C0401011")]
    [InlineData("cancelled", "R04", "123456", "match", "C0401001")]
    public async Task Approve_WithPasswordOrFaceOverride_DecidesByTheOverride(string persona, string mode, string? password, string? face, string resultCode)
    {
        var bizSeq = AuthorityClient.NewId();
        (await Mock.Sandbox.OpenSessionAsync(bizSeq, mode, Ct)).AssertStatus(HttpStatusCode.Created);

        var answer = await Mock.Tester.ApproveAsync(bizSeq, persona, Ct, password, face);

        answer.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(resultCode, answer.Json.GetProperty("resultCode").GetString());
        Assert.Equal(resultCode, (await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct)).Payload.GetProperty("resultCode").GetString());
    }

    [Fact]
    public async Task TesterPersonas_ExpectedOutcomes_MatchWhatTheMockAnswers()
    {
        var personas = TesterClient.Array(await Mock.Tester.GetAsync("/tester/personas", Ct));

        foreach (var persona in personas.Where(p => p.GetProperty("paths").EnumerateArray().Any(x => x.GetString() == "netid")))
        {
            foreach (var expected in persona.GetProperty("expected").EnumerateObject().Where(e => e.Name.StartsWith('R')))
            {
                var bizSeq = await Mock.ApprovedSessionAsync(persona.GetProperty("id").GetString()!, expected.Name);
                var response = await Mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);
                var actual = response.Status == HttpStatusCode.OK
                    ? System.Text.Json.JsonDocument.Parse(response.PayloadBytes).RootElement.GetProperty("resultCode").GetString()
                    : response.Code;
                Assert.True(expected.Value.GetString() == actual, $"{persona.GetProperty("id")} in {expected.Name}: expected {expected.Value}, got {actual}");
            }
        }
    }

    private static TheoryData<string, string, string, double?> Build()
    {
        var data = new TheoryData<string, string, string, double?>();
        string[] modes = ["R01", "R02", "R03", "R04"];
        var passing = new Dictionary<string, double>
        {
            ["adult"] = 0.97, ["child-under-14"] = 0.95, ["guardian"] = 0.96, ["minor-14-17"] = 0.94, ["slow"] = 0.97,
        };
        foreach (var (persona, score) in passing)
        {
            foreach (var mode in modes)
            {
                data.Add(persona, mode, Pass, mode is "R03" or "R04" ? score : null);
            }
        }

        foreach (var (persona, code) in new[] { ("cancelled", "C0401001"), ("frozen", "C0401002"), ("expired", "C0401003") })
        {
            foreach (var mode in modes)
            {
                data.Add(persona, mode, code, null);
            }
        }

        data.Add("wrong-password", "R01", Pass, null);
        data.Add("wrong-password", "R02", "C0401011", null);
        data.Add("wrong-password", "R03", Pass, 0.97);
        data.Add("wrong-password", "R04", "C0401011", null);
        data.Add("face-mismatch", "R01", Pass, null);
        data.Add("face-mismatch", "R02", Pass, null);
        data.Add("face-mismatch", "R03", "C0401021", 0.31);
        data.Add("face-mismatch", "R04", "C0401021", 0.31);
        return data;
    }
}
