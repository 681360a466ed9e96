using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace NetIdentity.Cryptography;

/// <summary>
/// The SM2 recommended curve (GB/T 32918.5, sm2p256v1), loaded once from BouncyCastle's
/// <c>CustomNamedCurves</c>: its specialised field arithmetic signs several times faster than
/// the generic curve behind <c>GMNamedCurves</c>.
/// </summary>
internal static class Sm2Curve
{
    /// <summary>OID 1.2.156.10197.1.301, named in keys (RFC 5480 style) and by OpenSSL.</summary>
    public static readonly DerObjectIdentifier Oid = GMObjectIdentifiers.sm2p256v1;

    /// <summary>id-ecPublicKey (RFC 5480), the algorithm OpenSSL writes in SM2 PKCS#8 and SPKI.</summary>
    public static readonly DerObjectIdentifier EcPublicKeyOid = X9ObjectIdentifiers.IdECPublicKey;

    public static readonly X9ECParameters X9 = CustomNamedCurves.GetByOid(Oid);

    public static readonly ECNamedDomainParameters Domain = new(Oid, X9);

    /// <summary>One shared, thread-safe source of randomness for key generation and signing.</summary>
    public static readonly SecureRandom Random = new();

    /// <summary>GM/T 0009-2012 default distinguishing identifier (ENTL = 128 bits).</summary>
    public const string DefaultDistinguishingId = "1234567812345678";
}
