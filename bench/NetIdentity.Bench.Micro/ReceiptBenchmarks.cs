using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Keys;

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
    public async Task SetupAsync()
    {
        var keys = new TokenKeys();
        await keys.LoadAsync(new MemoryKeyStore(), new EphemeralDataProtectionProvider(), CancellationToken.None);
        receipts = new ConsentReceipts(keys);
    }

    [Benchmark]
    public string ReceiptSigning() => receipts.Issue(record, platform, issuer);

    /// <summary>The broker's key store, in memory: one key per use.</summary>
    private sealed class MemoryKeyStore : IKeyMaterialStore
    {
        private readonly Dictionary<string, KeyMaterial> keys = [];

        public Task<KeyMaterial> GetOrAddActiveAsync(string use, Func<KeyMaterial> create, CancellationToken cancellationToken)
        {
            if (!keys.TryGetValue(use, out var key))
            {
                keys[use] = key = create();
            }

            return Task.FromResult(key);
        }

        public Task<IReadOnlyList<KeyMaterial>> GetAllAsync(string use, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<KeyMaterial>>(keys.TryGetValue(use, out var key) ? [key] : []);

        public Task<bool> RetireAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
