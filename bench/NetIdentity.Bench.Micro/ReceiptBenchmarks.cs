using BenchmarkDotNet.Attributes;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Bench.Micro;

/// <summary>A consent receipt (a JWT signed ES256 with the broker's token key), as one is issued per consent decision.</summary>
[MemoryDiagnoser]
public class ReceiptBenchmarks
{
    private readonly PlatformOptions platform = new()
    {
        ClientId = "demo-forum",
        DisplayName = new LocalizedName { Zh = "演示论坛", En = "Demo Forum" },
        Purpose = new LocalizedName { Zh = "论坛实名注册", En = "Real-name registration for the forum" },
    };

    private readonly ConsentRecord record = new()
    {
        Id = "consent-0001",
        Time = Fixtures.Now,
        PersonKey = "person-key-bench",
        Subject = "pairwise-subject-bench",
        ClientId = "demo-forum",
        Items = [ConsentItem.AgeBand],
        PurposeVersion = "v1",
        Decision = ConsentDecision.Granted,
    };

    private readonly Uri issuer = new("http://127.0.0.1:5100/");
    private ConsentReceipts receipts = null!;

    [GlobalSetup]
    public void Setup() => receipts = new ConsentReceipts(new FixedSigningKey());

    [Benchmark]
    public string ReceiptSigning() => receipts.Issue(record, platform, issuer);

    /// <summary>An ES256 key as the broker's key ring makes them (P-256), held in memory.</summary>
    private sealed class FixedSigningKey : IActiveSigningKey
    {
        public SigningCredentials ActiveSigning { get; } = new(
            new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "sig-bench" }, SecurityAlgorithms.EcdsaSha256);
    }
}
