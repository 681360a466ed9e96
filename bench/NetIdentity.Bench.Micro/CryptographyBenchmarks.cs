using System.Text;
using BenchmarkDotNet.Attributes;
using NetIdentity.Cryptography;

namespace NetIdentity.Bench.Micro;

/// <summary>
/// SM2 with SM3 (GM/T 0009): the broker signs every request to the authority and verifies every
/// answer; the mock does the reverse. A credential-sized message (about 600 bytes of JSON).
/// </summary>
[MemoryDiagnoser]
public class CryptographyBenchmarks
{
    private readonly Sm2PrivateKey key = Sm2PrivateKey.Generate();
    private readonly byte[] message = Encoding.UTF8.GetBytes(Fixtures.CredentialJson);
    private byte[] signature = [];

    [GlobalSetup]
    public void Setup() => signature = key.Sign(message);

    [Benchmark]
    public byte[] Sm2Sign() => key.Sign(message);

    [Benchmark]
    public bool Sm2Verify() => key.PublicKey.Verify(message, signature);

    [Benchmark]
    public byte[] Sm3Hash() => Sm3.Hash(message);
}
