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

/// <summary>
/// SM2 signing against BouncyCastle's own <c>SM2Signer</c> left as it is (the baseline, same run):
/// the key hands the signer its public point instead of letting it multiply it out again on
/// every signature (issue 10).
/// </summary>
[MemoryDiagnoser]
public class Sm2SignBenchmarks
{
    private readonly Sm2PrivateKey key = Sm2PrivateKey.Generate();
    private readonly Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters libraryKey = LibraryKey();
    private readonly byte[] message = Encoding.UTF8.GetBytes(Fixtures.CredentialJson);

    [Benchmark(Baseline = true)]
    public byte[] BouncyCastleSm2Signer()
    {
        var signer = new Org.BouncyCastle.Crypto.Signers.SM2Signer(new Org.BouncyCastle.Crypto.Digests.SM3Digest());
        signer.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithID(libraryKey, Encoding.UTF8.GetBytes("1234567812345678")));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    [Benchmark]
    public byte[] Sm2PrivateKeySign() => key.Sign(message);

    private static Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters LibraryKey()
    {
        var oid = Org.BouncyCastle.Asn1.GM.GMObjectIdentifiers.sm2p256v1;
        var domain = new Org.BouncyCastle.Crypto.Parameters.ECNamedDomainParameters(oid, Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByOid(oid));
        var generator = new Org.BouncyCastle.Crypto.Generators.ECKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.ECKeyGenerationParameters(domain, new Org.BouncyCastle.Security.SecureRandom()));
        return (Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters)generator.GenerateKeyPair().Private;
    }
}
