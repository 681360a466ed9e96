using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;

namespace NetIdentity.Cryptography;

/// <summary>
/// An SM2 private key on sm2p256v1. Load it once (start-up) and share it: instances are
/// immutable and thread-safe. Nothing here ever prints the key; <see cref="ToString"/> does not either.
/// </summary>
public sealed class Sm2PrivateKey
{
    private Sm2PrivateKey(ECPrivateKeyParameters parameters)
    {
        Parameters = parameters;
        var q = new FixedPointCombMultiplier().Multiply(Sm2Curve.Domain.G, parameters.D).Normalize();
        PublicKey = new Sm2PublicKey(new ECPublicKeyParameters(q, Sm2Curve.Domain));
    }

    internal ECPrivateKeyParameters Parameters { get; }

    /// <summary>The matching public key.</summary>
    public Sm2PublicKey PublicKey { get; }

    /// <summary>Generates a new key pair from a cryptographically secure source.</summary>
    public static Sm2PrivateKey Generate()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Sm2Curve.Domain, Sm2Curve.Random));
        return new Sm2PrivateKey((ECPrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    /// <summary>
    /// Reads a PEM <c>PRIVATE KEY</c> (PKCS#8, as <c>openssl genpkey -algorithm SM2</c> writes)
    /// or <c>EC PRIVATE KEY</c> (SEC 1) block.
    /// </summary>
    /// <exception cref="CryptographyInputException">The text is not an SM2 private key.</exception>
    public static Sm2PrivateKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return pem.Contains("-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal)
            ? FromSec1(Pem.Decode(pem, "EC PRIVATE KEY"))
            : FromPkcs8(Pem.Decode(pem, "PRIVATE KEY"));
    }

    /// <summary>Reads a DER PKCS#8 PrivateKeyInfo (RFC 5208) for an sm2p256v1 key.</summary>
    /// <exception cref="CryptographyInputException">The bytes are not an SM2 private key.</exception>
    public static Sm2PrivateKey FromPkcs8(ReadOnlySpan<byte> der)
    {
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der.ToArray()));
            Sm2KeyEncoding.RequireSm2Algorithm(info.PrivateKeyAlgorithm);
            return FromStructure(ECPrivateKeyStructure.GetInstance(info.ParsePrivateKey()), requireCurve: false);
        }
        catch (Exception e) when (IsAsn1Failure(e))
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }
    }

    /// <summary>Reads a DER SEC 1 ECPrivateKey that names sm2p256v1.</summary>
    public static Sm2PrivateKey FromSec1(ReadOnlySpan<byte> der)
    {
        try
        {
            return FromStructure(ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der.ToArray())), requireCurve: true);
        }
        catch (Exception e) when (IsAsn1Failure(e))
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }
    }

    /// <summary>Tries to read a PEM private key; returns <c>false</c> for anything else.</summary>
    public static bool TryFromPem(string? pem, out Sm2PrivateKey? key)
    {
        try
        {
            key = pem is null ? null : FromPem(pem);
            return key is not null;
        }
        catch (CryptographyInputException)
        {
            key = null;
            return false;
        }
    }

    /// <summary>DER PKCS#8 with id-ecPublicKey and the sm2p256v1 OID (readable by OpenSSL 3).</summary>
    public byte[] ExportPkcs8()
    {
        var structure = new ECPrivateKeyStructure(
            256,
            Parameters.D,
            new DerBitString(PublicKey.ExportUncompressedPoint()),
            null);
        return new PrivateKeyInfo(Sm2KeyEncoding.AlgorithmIdentifier, structure).GetDerEncoded();
    }

    /// <summary>PEM <c>PRIVATE KEY</c> text. Treat the result as a secret.</summary>
    public string ExportPkcs8Pem() => Pem.Encode("PRIVATE KEY", ExportPkcs8());

    /// <summary>
    /// Signs <paramref name="message"/> with SM2 over SM3 (GB/T 32918.2), hashing
    /// <c>Z_A || M</c> where Z_A binds the distinguishing identifier and this key (GM/T 0009 §5).
    /// Returns the DER <c>SEQUENCE { r, s }</c> (at most 72 bytes).
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> message, string? distinguishingId = null) =>
        Sign(message, distinguishingId, Sm2Curve.Random);

    internal byte[] Sign(ReadOnlySpan<byte> message, string? distinguishingId, SecureRandom random)
    {
        var signer = new KnownPublicPointSigner(Parameters.D, Parameters.Parameters.G, PublicKey.Parameters.Q);
        var id = Encoding.UTF8.GetBytes(distinguishingId ?? Sm2Curve.DefaultDistinguishingId);
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(Parameters, random), id));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>
    /// Decrypts SM2 ciphertext in C1C3C2 order made for this key.
    /// </summary>
    /// <exception cref="CryptographyInputException">
    /// <see cref="CryptographyError.DecryptionFailed"/> for truncated, tampered or foreign ciphertext.
    /// </exception>
    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        // C1 (65) + C3 (32) + at least one byte of C2.
        if (ciphertext.Length < 98 || ciphertext[0] != 0x04)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }

        var engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.Init(false, Parameters);
        var input = ciphertext.ToArray();
        try
        {
            return engine.ProcessBlock(input, 0, input.Length);
        }
        catch (Exception e) when (e is InvalidCipherTextException or ArgumentException or InvalidOperationException)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }
    }

    /// <summary>Never reveals the key.</summary>
    public override string ToString() => "SM2 private key (sm2p256v1)";

    private static Sm2PrivateKey FromStructure(ECPrivateKeyStructure structure, bool requireCurve)
    {
        var parameters = structure.Parameters;
        if (parameters is not null && !Sm2Curve.Oid.Equals(parameters))
        {
            throw new CryptographyInputException(CryptographyError.WrongCurve);
        }

        if (requireCurve && parameters is null)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        var d = structure.GetKey();
        if (d.SignValue <= 0 || d.CompareTo(Sm2Curve.Domain.N.Subtract(BigInteger.One)) >= 0)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        return new Sm2PrivateKey(new ECPrivateKeyParameters(d, Sm2Curve.Domain));
    }

    private static bool IsAsn1Failure(Exception e) =>
        e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or NullReferenceException;

    /// <summary>
    /// BouncyCastle's <see cref="SM2Signer"/> derives the public point from the private key on every
    /// <c>Init</c>, to hash Z_A (GM/T 0009 §5): a whole fixed-base scalar multiplication per
    /// signature (issue 10). This key already holds that point, computed once when it was loaded,
    /// and the signer is given it instead.
    /// </summary>
    private sealed class KnownPublicPointSigner(BigInteger d, ECPoint g, ECPoint publicPoint) : SM2Signer(new SM3Digest())
    {
        protected override ECMultiplier CreateBasePointMultiplier() => new KnownPublicPoint(d, g, publicPoint);
    }

    /// <summary>
    /// G·d answered from the known point; every other product (the nonce's k·G) computed as before.
    /// The scalar is recognised by reference, never by value: the signer passes this key's own
    /// <c>D</c> object, and a nonce is a fresh object, so no secret is ever compared with another.
    /// </summary>
    private sealed class KnownPublicPoint(BigInteger d, ECPoint g, ECPoint publicPoint) : ECMultiplier
    {
        private readonly FixedPointCombMultiplier _multiplier = new();

        public ECPoint Multiply(ECPoint p, BigInteger k) =>
            ReferenceEquals(k, d) && ReferenceEquals(p, g) ? publicPoint : _multiplier.Multiply(p, k);
    }
}
