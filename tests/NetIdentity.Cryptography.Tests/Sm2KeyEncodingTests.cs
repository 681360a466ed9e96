using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm2KeyEncodingTests
{
    [Fact]
    public void Pkcs8Pem_ExportThenImport_KeepsKey()
    {
        var key = Sm2PrivateKey.Generate();

        var imported = Sm2PrivateKey.FromPem(key.ExportPkcs8Pem());

        Assert.Equal(key.PublicKey, imported.PublicKey);
        Assert.Equal(key.ExportPkcs8(), imported.ExportPkcs8());
    }

    [Fact]
    public void ExportPkcs8_Always_NamesIdEcPublicKeyWithSm2Curve()
    {
        // The shape OpenSSL 3 writes for SM2 (RFC 5915 inside RFC 5208): id-ecPublicKey with the
        // sm2p256v1 OID 1.2.156.10197.1.301 as parameters.
        var key = Sm2PrivateKey.Generate();

        var info = PrivateKeyInfo.GetInstance(key.ExportPkcs8());

        Assert.Equal(X9ObjectIdentifiers.IdECPublicKey, info.PrivateKeyAlgorithm.Algorithm);
        Assert.Equal(GMObjectIdentifiers.sm2p256v1, info.PrivateKeyAlgorithm.Parameters);
    }

    [Fact]
    public void ExportPkcs8Pem_Always_UsesPrivateKeyLabel()
    {
        var key = Sm2PrivateKey.Generate();

        var pem = key.ExportPkcs8Pem();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectPublicKeyInfoPem_ExportThenImport_KeepsKey()
    {
        var publicKey = Sm2PrivateKey.Generate().PublicKey;

        var imported = Sm2PublicKey.FromPem(publicKey.ExportPem());

        Assert.Equal(publicKey, imported);
    }

    [Fact]
    public void SubjectPublicKeyInfo_StandardKey_NamesIdEcPublicKeyWithSm2Curve()
    {
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));

        var info = SubjectPublicKeyInfo.GetInstance(publicKey.ExportSubjectPublicKeyInfo());

        Assert.Equal(X9ObjectIdentifiers.IdECPublicKey, info.Algorithm.Algorithm);
        Assert.Equal(GMObjectIdentifiers.sm2p256v1, info.Algorithm.Parameters);
        Assert.Equal(Gmt0003Part5.PublicKey, Convert.ToHexString(info.PublicKey.GetOctets()));
    }

    [Fact]
    public void UncompressedPoint_ExportThenImport_KeepsKey()
    {
        var publicKey = Sm2PrivateKey.Generate().PublicKey;

        var imported = Sm2PublicKey.FromUncompressedPoint(publicKey.ExportUncompressedPoint());

        Assert.Equal(publicKey, imported);
    }

    [Fact]
    public void FromPem_Sec1EcPrivateKey_LoadsKey()
    {
        // SEC 1 (RFC 5915) "EC PRIVATE KEY" naming sm2p256v1, around the GM/T 0003.5-2012 Annex A scalar.
        var pem = PemEncoding.WriteString("EC PRIVATE KEY", Gmt0003Part5.Sec1Der(new BigInteger(Gmt0003Part5.PrivateKey, 16)));

        var key = Sm2PrivateKey.FromPem(pem);

        Assert.Equal(Gmt0003Part5.PublicKey, Convert.ToHexString(key.PublicKey.ExportUncompressedPoint()));
    }

    [Fact]
    public void FromSec1_NoCurveNamed_ThrowsMalformedKey()
    {
        // Outside PKCS#8 nothing else says which curve the scalar belongs to.
        var der = new ECPrivateKeyStructure(256, new BigInteger(Gmt0003Part5.PrivateKey, 16)).GetDerEncoded();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromSec1(der));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromSec1_ScalarZero_ThrowsMalformedKey()
    {
        // GB/T 32918.1-2016 section 6.1: the private key d lies in [1, n-2].
        var der = Gmt0003Part5.Sec1Der(BigInteger.Zero);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromSec1(der));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromSec1_ScalarOrderMinusOne_ThrowsMalformedKey()
    {
        // GB/T 32918.1-2016 section 6.1: d = n-1 is excluded, since SM2 signing inverts (1 + d) mod n.
        var der = Gmt0003Part5.Sec1Der(Gmt0003Part5.Order.Subtract(BigInteger.One));

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromSec1(der));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromSec1_ScalarOrderMinusTwo_LoadsKey()
    {
        // The upper bound of GB/T 32918.1-2016 section 6.1 is inclusive: [n-2]G = -[2]G.
        var der = Gmt0003Part5.Sec1Der(Gmt0003Part5.Order.Subtract(BigInteger.Two));

        var key = Sm2PrivateKey.FromSec1(der);

        var doubled = Gmt0003Part5.FromScalar(BigInteger.Two).PublicKey.ExportUncompressedPoint();
        Assert.Equal(doubled[..33], key.PublicKey.ExportUncompressedPoint()[..33]);
    }

    [Fact]
    public void FromPem_NistP256Pkcs8_ThrowsWrongCurve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem()));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromPem_NistP256Sec1_ThrowsWrongCurve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(ecdsa.ExportECPrivateKeyPem()));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void PublicFromPem_NistP256SubjectPublicKeyInfo_ThrowsWrongCurve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromPem_RsaPkcs8_ThrowsMalformedKey()
    {
        using var rsa = RSA.Create(2048);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(rsa.ExportPkcs8PrivateKeyPem()));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void PublicFromPem_RsaSubjectPublicKeyInfo_ThrowsMalformedKey()
    {
        using var rsa = RSA.Create(2048);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromPem(rsa.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAECAwQFBgcICQoLDA0ODw==\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYIt\n")]
    public void FromPem_Garbage_ThrowsMalformedKey(string pem)
    {
        // Empty text, no PEM, an empty body, a body that is not base64, base64 that is not DER, no END line.
        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(pem));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n!!!not base64!!!\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAECAwQFBgcICQoLDA0ODw==\n-----END PUBLIC KEY-----\n")]
    public void PublicFromPem_Garbage_ThrowsMalformedKey(string pem)
    {
        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromPem(pem));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromPem_PublicKeyLabel_ThrowsMalformedKey()
    {
        var publicPem = Sm2PrivateKey.Generate().PublicKey.ExportPem();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(publicPem));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void PublicFromPem_PrivateKeyLabel_ThrowsMalformedKey()
    {
        var privatePem = Sm2PrivateKey.Generate().ExportPkcs8Pem();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromPem(privatePem));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(100)]
    public void FromPkcs8_TruncatedDer_ThrowsMalformedKey(int bytesRemoved)
    {
        var der = Sm2PrivateKey.Generate().ExportPkcs8();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPkcs8(der.AsSpan(..^bytesRemoved)));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromPkcs8_TrailingByte_ThrowsMalformedKey()
    {
        var der = Sm2PrivateKey.Generate().ExportPkcs8();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPkcs8([.. der, 0x00]));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(80)]
    public void FromSubjectPublicKeyInfo_TruncatedDer_ThrowsMalformedKey(int bytesRemoved)
    {
        var der = Sm2PrivateKey.Generate().PublicKey.ExportSubjectPublicKeyInfo();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromSubjectPublicKeyInfo(der.AsSpan(..^bytesRemoved)));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_BitStringWithUnusedBits_ThrowsMalformedKey()
    {
        // An EC public key BIT STRING holds whole octets (RFC 5480 section 2.2); one that declares
        // unused bits is malformed and must be reported as such, not escape as a parser exception.
        var point = Convert.FromHexString(Gmt0003Part5.PublicKey);
        var der = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, GMObjectIdentifiers.sm2p256v1),
            new DerBitString(point, 1)).GetDerEncoded();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromSubjectPublicKeyInfo(der));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void PublicTryFromPem_BitStringWithUnusedBits_ReturnsFalse()
    {
        var point = Convert.FromHexString(Gmt0003Part5.PublicKey);
        var der = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, GMObjectIdentifiers.sm2p256v1),
            new DerBitString(point, 1)).GetDerEncoded();

        var loaded = Sm2PublicKey.TryFromPem(PemEncoding.WriteString("PUBLIC KEY", der), out var key);

        Assert.False(loaded);
        Assert.Null(key);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_AnySingleBitFlipped_ThrowsOnlyCryptographyInputException()
    {
        // Every corruption of a valid encoding is either still a valid key or a CryptographyInputException:
        // no parser exception may escape, or TryFromPem would throw instead of returning false.
        var der = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey)).ExportSubjectPublicKeyInfo();

        var escaped = EscapingExceptions(der, corrupted => Sm2PublicKey.FromSubjectPublicKeyInfo(corrupted));

        Assert.Empty(escaped);
    }

    [Fact]
    public void FromPkcs8_AnySingleBitFlipped_ThrowsOnlyCryptographyInputException()
    {
        var der = Gmt0003Part5.LoadPrivateKey().ExportPkcs8();

        var escaped = EscapingExceptions(der, corrupted => Sm2PrivateKey.FromPkcs8(corrupted));

        Assert.Empty(escaped);
    }

    [Fact]
    public void FromSec1_AnySingleBitFlipped_ThrowsOnlyCryptographyInputException()
    {
        var der = Gmt0003Part5.Sec1Der(new BigInteger(Gmt0003Part5.PrivateKey, 16));

        var escaped = EscapingExceptions(der, corrupted => Sm2PrivateKey.FromSec1(corrupted));

        Assert.Empty(escaped);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_Sm2CurveWithPointOffCurve_ThrowsWrongCurve()
    {
        var der = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, GMObjectIdentifiers.sm2p256v1),
            OffCurvePoint()).GetDerEncoded();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromSubjectPublicKeyInfo(der));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromUncompressedPoint_PointOffCurve_ThrowsWrongCurve()
    {
        var point = OffCurvePoint();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromUncompressedPoint_NistP256Point_ThrowsWrongCurve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        byte[] point = [0x04, .. q.X!, .. q.Y!];

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromUncompressedPoint_CoordinateNotBelowFieldPrime_ThrowsWrongCurve()
    {
        // x = 2^256 - 1 exceeds the field prime p of sm2p256v1, so it names no point at all.
        var point = Convert.FromHexString("04" + new string('F', 64) + Gmt0003Part5.PublicKey[66..]);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        Assert.Equal(CryptographyError.WrongCurve, exception.Error);
    }

    [Fact]
    public void FromUncompressedPoint_CompressedEncoding_ThrowsMalformedKey()
    {
        // Only the 65-byte 04 || X || Y form is accepted; 02/03 || X (SEC 1 section 2.3.3) is refused.
        var point = Convert.FromHexString("02" + Gmt0003Part5.PublicKey[2..66]);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void FromUncompressedPoint_WrongLength_ThrowsMalformedKey(int length)
    {
        var point = new byte[length];
        if (length > 0)
        {
            point[0] = 0x04;
        }

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        Assert.Equal(CryptographyError.MalformedKey, exception.Error);
    }

    [Fact]
    public void TryFromPem_ValidKey_ReturnsTrueAndKey()
    {
        var key = Sm2PrivateKey.Generate();

        var loaded = Sm2PrivateKey.TryFromPem(key.ExportPkcs8Pem(), out var imported);

        Assert.True(loaded);
        Assert.Equal(key.PublicKey, imported!.PublicKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAECAwQFBgcICQoLDA0ODw==\n-----END PRIVATE KEY-----\n")]
    public void TryFromPem_Garbage_ReturnsFalseAndNull(string? pem)
    {
        var loaded = Sm2PrivateKey.TryFromPem(pem, out var key);

        Assert.False(loaded);
        Assert.Null(key);
    }

    [Fact]
    public void TryFromPem_NistP256Key_ReturnsFalse()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var loaded = Sm2PrivateKey.TryFromPem(ecdsa.ExportPkcs8PrivateKeyPem(), out var key);

        Assert.False(loaded);
        Assert.Null(key);
    }

    [Fact]
    public void PublicTryFromPem_ValidKey_ReturnsTrueAndKey()
    {
        var publicKey = Sm2PrivateKey.Generate().PublicKey;

        var loaded = Sm2PublicKey.TryFromPem(publicKey.ExportPem(), out var imported);

        Assert.True(loaded);
        Assert.Equal(publicKey, imported);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAECAwQFBgcICQoLDA0ODw==\n-----END PUBLIC KEY-----\n")]
    public void PublicTryFromPem_Garbage_ReturnsFalseAndNull(string? pem)
    {
        var loaded = Sm2PublicKey.TryFromPem(pem, out var key);

        Assert.False(loaded);
        Assert.Null(key);
    }

    [Fact]
    public void PublicTryFromPem_NistP256Key_ReturnsFalse()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var loaded = Sm2PublicKey.TryFromPem(ecdsa.ExportSubjectPublicKeyInfoPem(), out var key);

        Assert.False(loaded);
        Assert.Null(key);
    }

    [Fact]
    public void FromPem_NistP256Key_ExceptionOmitsKeyMaterial()
    {
        // Key-loading errors end up in start-up logs: they must not carry the key (convention of
        // CryptographyInputException). Checked against every 12-character window of the PEM body.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportPkcs8PrivateKeyPem();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(pem));

        AssertOmits(exception, PemBody(pem));
    }

    [Fact]
    public void FromPem_TruncatedSm2Key_ExceptionOmitsKeyMaterial()
    {
        var der = Sm2PrivateKey.Generate().ExportPkcs8()[..^20];
        var pem = PemEncoding.WriteString("PRIVATE KEY", der);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PrivateKey.FromPem(pem));

        AssertOmits(exception, PemBody(pem));
        AssertOmits(exception, Convert.ToHexString(der));
        AssertOmits(exception, Convert.ToHexStringLower(der));
    }

    [Fact]
    public void FromUncompressedPoint_PointOffCurve_ExceptionOmitsPoint()
    {
        var point = OffCurvePoint();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2PublicKey.FromUncompressedPoint(point));

        AssertOmits(exception, Convert.ToHexString(point));
        AssertOmits(exception, Convert.ToHexStringLower(point));
        AssertOmits(exception, Convert.ToBase64String(point));
    }

    [Fact]
    public void PrivateKey_ToString_OmitsScalar()
    {
        var key = Gmt0003Part5.LoadPrivateKey();

        var text = key.ToString();

        Assert.DoesNotContain(Gmt0003Part5.PrivateKey[..12], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(key.ExportPkcs8())[^24..^4], text, StringComparison.Ordinal);
    }

    /// <summary>Flips each bit of <paramref name="der"/> in turn; lists the flips that raised anything but a CryptographyInputException.</summary>
    private static List<string> EscapingExceptions(byte[] der, Action<byte[]> parse)
    {
        var escaped = new List<string>();
        for (var bit = 0; bit < der.Length * 8; bit++)
        {
            var corrupted = (byte[])der.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                parse(corrupted);
            }
            catch (CryptographyInputException)
            {
                // The documented failure.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                escaped.Add($"bit {bit}: {e.GetType().Name}");
            }
        }

        return escaped;
    }

    /// <summary>The published GM/T 0003.5-2012 point with its last byte changed: (x, y+1) is not on the curve.</summary>
    private static byte[] OffCurvePoint()
    {
        var point = Convert.FromHexString(Gmt0003Part5.PublicKey);
        point[^1] ^= 0x01;
        return point;
    }

    private static string PemBody(string pem) =>
        string.Concat(pem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)).Select(line => line.Trim()));

    private static void AssertOmits(Exception exception, string secret)
    {
        const int Window = 12;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            for (var start = 0; start + Window <= secret.Length; start++)
            {
                Assert.DoesNotContain(secret.Substring(start, Window), current.Message, StringComparison.Ordinal);
            }
        }
    }
}
