using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X509;

namespace NetIdentity.Cryptography;

/// <summary>The ASN.1 identifiers SM2 keys carry, shared by the public and private key readers.</summary>
internal static class Sm2KeyEncoding
{
    /// <summary>id-ecPublicKey with the sm2p256v1 named curve, as OpenSSL 3 writes SM2 keys.</summary>
    public static readonly AlgorithmIdentifier AlgorithmIdentifier = new(Sm2Curve.EcPublicKeyOid, Sm2Curve.Oid);

    /// <summary>
    /// Accepts id-ecPublicKey or the SM2 algorithm OID with the sm2p256v1 curve; anything else
    /// (P-256, RSA, explicit parameters) is refused, so a key of another curve cannot slip in.
    /// </summary>
    public static void RequireSm2Algorithm(AlgorithmIdentifier algorithm)
    {
        var isEcOrSm2 = algorithm.Algorithm.Equals(Sm2Curve.EcPublicKeyOid) || algorithm.Algorithm.Equals(GMObjectIdentifiers.sm2p256v1);
        if (!isEcOrSm2)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        if (algorithm.Parameters is not DerObjectIdentifier curve || !curve.Equals(Sm2Curve.Oid))
        {
            throw new CryptographyInputException(CryptographyError.WrongCurve);
        }
    }
}
