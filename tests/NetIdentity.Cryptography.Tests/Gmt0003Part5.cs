using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Math;

namespace NetIdentity.Cryptography.Tests;

/// <summary>
/// The worked examples on the recommended curve sm2p256v1 from GM/T 0003.5-2012 (the same
/// examples appear in GB/T 32918.5-2017): Annex A (signature) and Annex C (encryption).
/// OpenSSL reproduces both in test/sm2_internal_test.c (sm2_sig_test, sm2_crypt_test), as did
/// GmSSL's crypto/sm2/sm2test.c, which also lists the intermediate values
/// Z_A = B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3 and
/// e = F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640.
/// </summary>
internal static class Gmt0003Part5
{
    public const string PrivateKey = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";

    public const string PublicKey =
        "04"
        + "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
        + "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";

    /// <summary>The GM/T 0009-2012 default distinguishing identifier, which the Annex A example uses.</summary>
    public const string DistinguishingId = "1234567812345678";

    public const string SignedMessage = "message digest";

    /// <summary>The ephemeral scalar k of both examples.</summary>
    public const string K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";

    public const string R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";

    public const string S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

    /// <summary>
    /// (r, s) as GM/T 0009-2012 section 7.3 encodes it: DER SEQUENCE of two INTEGERs. Both have
    /// the top bit set, so each INTEGER carries a leading 00 (33 content bytes).
    /// </summary>
    public const string SignatureDer = "3046" + "022100" + R + "022100" + S;

    public const string EncryptedMessage = "encryption standard";

    /// <summary>
    /// Annex C ciphertext in the C1C3C2 order of GB/T 32918.4-2016: C1 = 04 || x1 || y1, then
    /// C3 (SM3 check value), then C2 (19 bytes, the length of the message).
    /// </summary>
    public const string CiphertextC1C3C2 =
        "04"
        + "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
        + "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
        + "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"
        + "21886CA989CA9C7D58087307CA93092D651EFA";

    /// <summary>The order n of sm2p256v1 (GB/T 32918.5-2017, recommended curve parameters).</summary>
    public static readonly BigInteger Order = new("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16);

    public static Sm2PrivateKey LoadPrivateKey() => FromScalar(new BigInteger(PrivateKey, 16));

    /// <summary>
    /// Builds a SEC 1 ECPrivateKey naming sm2p256v1 around a raw scalar and loads it through the
    /// public reader, so the tests need no back door into the key class.
    /// </summary>
    public static Sm2PrivateKey FromScalar(BigInteger d) =>
        Sm2PrivateKey.FromSec1(Sec1Der(d));

    public static byte[] Sec1Der(BigInteger d) =>
        new ECPrivateKeyStructure(256, d, GMObjectIdentifiers.sm2p256v1).GetDerEncoded();
}
