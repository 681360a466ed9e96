using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Login;
using NetIdentity.Core.Subjects;
using NetIdentity.Core.Verification;
using NetIdentity.Cryptography;

namespace NetIdentity.Bench.Micro;

/// <summary>
/// The pure pieces of a login that run once or more per login: the credential check, the
/// pairwise subject, claim release, the decider (the state transition: LoginStateBenchmarks).
/// </summary>
[MemoryDiagnoser]
public class LoginBenchmarks
{
    private static readonly string[] Claims =
    [
        ClaimRelease.Subject, ClaimRelease.AuthenticationTime, ClaimRelease.AuthenticationContext, ClaimRelease.Result,
        ClaimRelease.VerifiedAt, ClaimRelease.AgeBand, ClaimRelease.Minor, ClaimRelease.MaskedName, ClaimRelease.MaskedIdNumber,
    ];

    private readonly Sm2PrivateKey authorityKey = Sm2PrivateKey.Generate();
    private readonly byte[] payload = Encoding.UTF8.GetBytes(Fixtures.CredentialJson);
    private readonly PairwiseSubjects subjects = new(RandomNumberGenerator.GetBytes(32));
    private readonly HashSet<string> scopes = ["openid", "netid", "netid.age"];
    private readonly CredentialExpectation expected = new(Fixtures.BizSeq, "ORG-SANDBOX", VerificationMode.R01, "42");
    private readonly LoginTransaction awaiting = Fixtures.AwaitingApp();
    private byte[] signature = [];

    [GlobalSetup]
    public void Setup()
    {
        signature = authorityKey.Sign(payload);
    }

    /// <summary>What the broker does with the authority's answer: the SM2 signature, the payload read, the rules of CredentialRules.</summary>
    [Benchmark]
    public bool CredentialCheck()
    {
        if (!authorityKey.PublicKey.Verify(payload, signature))
        {
            return false;
        }

        using var json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("bizSeq").GetString() == Fixtures.BizSeq
            && CredentialRules.Evaluate(Fixtures.Credential(), expected, Fixtures.Now).IsAccepted;
    }

    [Benchmark]
    public string PairwiseSubject() => subjects.ForNetworkIdentity("demo-forum.example", "as-3b9f6c2e8a1d4f5b9c7e2a6d1f8b3c5e");

    /// <summary>The destinations of every claim a consent login may release (deny by default, STYLE 4).</summary>
    [Benchmark]
    public int ClaimReleaseDecisions()
    {
        var released = 0;
        foreach (var claim in Claims)
        {
            released += (int)ClaimRelease.For(claim, scopes, releaseMethods: false);
        }

        return released;
    }

    [Benchmark]
    public LoginStep DeciderNext() => LoginDecider.Next(awaiting);
}
