using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;

namespace NetIdentity.Cryptography;

/// <summary>
/// An SM2 public key on sm2p256v1: verifies SM2-with-SM3 signatures (GB/T 32918.2, GM/T 0009)
/// and encrypts to its holder (GB/T 32918.4, C1C3C2 order).
/// Instances are immutable and safe to share between threads.
/// </summary>
public sealed class Sm2PublicKey : IEquatable<Sm2PublicKey>
{
    private readonly byte[] _encodedPoint;

    internal Sm2PublicKey(ECPublicKeyParameters parameters)
    {
        Parameters = parameters;
        _encodedPoint = parameters.Q.GetEncoded(compressed: false);
    }

    internal ECPublicKeyParameters Parameters { get; }

    /// <summary>Reads a PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) block.</summary>
    /// <exception cref="CryptographyInputException">The text is not an SM2 public key.</exception>
    public static Sm2PublicKey FromPem(string pem) =>
        FromSubjectPublicKeyInfo(Pem.Decode(pem, "PUBLIC KEY"));

    /// <summary>Reads a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) naming sm2p256v1.</summary>
    /// <exception cref="CryptographyInputException">The bytes are not an SM2 public key.</exception>
    public static Sm2PublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        SubjectPublicKeyInfo info;
        byte[] point;
        try
        {
            info = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der.ToArray()));

            // GetOctets throws IOException for a BIT STRING that declares unused bits: no encoded point.
            point = info.PublicKey.GetOctets();
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        Sm2KeyEncoding.RequireSm2Algorithm(info.Algorithm);
        return FromUncompressedPoint(point);
    }

    /// <summary>Reads a raw point, <c>04 || X || Y</c> (65 bytes), as the authority publishes it.</summary>
    /// <exception cref="CryptographyInputException">The bytes are not a point on sm2p256v1.</exception>
    public static Sm2PublicKey FromUncompressedPoint(ReadOnlySpan<byte> point)
    {
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        ECPoint q;
        try
        {
            q = Sm2Curve.X9.Curve.DecodePoint(point.ToArray());
        }
        catch (ArgumentException)
        {
            // DecodePoint validates the point lies on the curve: a point of another curve fails here.
            throw new CryptographyInputException(CryptographyError.WrongCurve);
        }

        if (q.IsInfinity || !q.IsValid())
        {
            throw new CryptographyInputException(CryptographyError.WrongCurve);
        }

        return new Sm2PublicKey(new ECPublicKeyParameters(q, Sm2Curve.Domain));
    }

    /// <summary>Tries to read a PEM public key; returns <c>false</c> for anything else.</summary>
    public static bool TryFromPem(string? pem, out Sm2PublicKey? key)
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

    /// <summary>The uncompressed point, <c>04 || X || Y</c>.</summary>
    public byte[] ExportUncompressedPoint() => (byte[])_encodedPoint.Clone();

    /// <summary>DER SubjectPublicKeyInfo with id-ecPublicKey and the sm2p256v1 OID, as OpenSSL writes it.</summary>
    public byte[] ExportSubjectPublicKeyInfo() =>
        new SubjectPublicKeyInfo(Sm2KeyEncoding.AlgorithmIdentifier, _encodedPoint).GetDerEncoded();

    /// <summary>PEM <c>PUBLIC KEY</c> text.</summary>
    public string ExportPem() => Pem.Encode("PUBLIC KEY", ExportSubjectPublicKeyInfo());

    /// <summary>
    /// Verifies a DER-encoded SM2 signature (GM/T 0009 <c>SEQUENCE { r INTEGER, s INTEGER }</c>)
    /// over <paramref name="message"/>. Returns <c>false</c> for a wrong, truncated or malformed
    /// signature; never throws for bad input.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string? distinguishingId = null)
    {
        if (signature.IsEmpty || signature.Length > 80)
        {
            return false;
        }

        var signer = new SM2Signer(new SM3Digest());
        signer.Init(false, new ParametersWithID(Parameters, Encoding.UTF8.GetBytes(distinguishingId ?? Sm2Curve.DefaultDistinguishingId)));
        signer.BlockUpdate(message);
        try
        {
            return signer.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Encrypts to this key with SM2 public-key encryption (GB/T 32918.4), output in the
    /// C1C3C2 order: <c>04||x1||y1</c> (65 bytes), the SM3 check value (32 bytes), then the ciphertext.
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.IsEmpty)
        {
            throw new CryptographyInputException(CryptographyError.InvalidArgument);
        }

        var engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.Init(true, new ParametersWithRandom(Parameters, Sm2Curve.Random));
        var input = plaintext.ToArray();
        return engine.ProcessBlock(input, 0, input.Length);
    }

    public bool Equals(Sm2PublicKey? other) =>
        other is not null && _encodedPoint.AsSpan().SequenceEqual(other._encodedPoint);

    public override bool Equals(object? obj) => Equals(obj as Sm2PublicKey);

    public override int GetHashCode() => HashCode.Combine(_encodedPoint[1], _encodedPoint[2], _encodedPoint[3], _encodedPoint[4]);
}
