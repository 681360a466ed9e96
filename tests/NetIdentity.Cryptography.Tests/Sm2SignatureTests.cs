using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm2SignatureTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("{\"iss\":\"https://ctid.example\",\"sub\":\"pid-0001\"}");

    [Fact]
    public void PublicKey_StandardPrivateKey_MatchesPublishedPoint()
    {
        // GM/T 0003.5-2012 Annex A: P_A = [d_A]G.
        var key = Gmt0003Part5.LoadPrivateKey();

        var point = key.PublicKey.ExportUncompressedPoint();

        Assert.Equal(Gmt0003Part5.PublicKey, Convert.ToHexString(point));
    }

    [Fact]
    public void Verify_PublishedSignature_ReturnsTrue()
    {
        // GM/T 0003.5-2012 Annex A: (r, s) over "message digest" with the default identifier.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));

        var valid = publicKey.Verify(
            Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage),
            Convert.FromHexString(Gmt0003Part5.SignatureDer),
            Gmt0003Part5.DistinguishingId);

        Assert.True(valid);
    }

    [Fact]
    public void Verify_PublishedSignatureWithDefaultIdOmitted_ReturnsTrue()
    {
        // The library's default identifier must be the GM/T 0009-2012 one the example uses.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));

        var valid = publicKey.Verify(
            Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage),
            Convert.FromHexString(Gmt0003Part5.SignatureDer));

        Assert.True(valid);
    }

    [Fact]
    public void Sign_StandardNonce_ReproducesPublishedSignature()
    {
        // GM/T 0003.5-2012 Annex A with its k injected: the output must be exactly the published
        // (r, s), DER-encoded per GM/T 0009-2012. This pins Z_A, e = SM3(Z_A || M) and the signing equation.
        var key = Gmt0003Part5.LoadPrivateKey();
        var random = new FixedScalarRandom(Convert.FromHexString(Gmt0003Part5.K));

        var signature = key.Sign(Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage), Gmt0003Part5.DistinguishingId, random);

        Assert.Equal(Gmt0003Part5.SignatureDer, Convert.ToHexString(signature));
        Assert.Equal(1, random.Draws);
    }

    [Fact]
    public void Sign_WithAnyKeyAndId_IsExactlyWhatBouncyCastlesOwnSignerMakes()
    {
        // The key hands the signer its public point instead of letting BouncyCastle multiply it
        // out again on every signature (issue 10): same key, nonce, identifier and message must
        // give the same bytes as the library's signer left as it is.
        var key = Sm2PrivateKey.Generate();
        var nonce = Convert.FromHexString("2F2E1D0C0B0A09080706050403020100F0E0D0C0B0A090807060504030201007");
        const string id = "netidentity-broker@example.cn";

        var ours = key.Sign(Message, id, new FixedScalarRandom(nonce));
        var library = new Org.BouncyCastle.Crypto.Signers.SM2Signer(new Org.BouncyCastle.Crypto.Digests.SM3Digest());
        library.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithID(
            new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(key.Parameters, new FixedScalarRandom(nonce)),
            Encoding.UTF8.GetBytes(id)));
        library.BlockUpdate(Message);

        Assert.Equal(Convert.ToHexString(library.GenerateSignature()), Convert.ToHexString(ours));
        Assert.True(key.PublicKey.Verify(Message, ours, id));
    }

    [Fact]
    public void Verify_PublishedSignatureWithOtherId_ReturnsFalse()
    {
        // The identifier is hashed into Z_A, so the same (r, s) must fail under any other one.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));

        var valid = publicKey.Verify(
            Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage),
            Convert.FromHexString(Gmt0003Part5.SignatureDer),
            "ALICE123@YAHOO.COM");

        Assert.False(valid);
    }

    [Fact]
    public void Verify_PublishedSignatureWithSPlusOrder_ReturnsFalse()
    {
        // GB/T 32918.2-2016 section 7.1, B2: s must lie in [1, n-1]. s + n is the same value mod n,
        // so an implementation that reduces instead of rejecting would accept this malleated signature.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));
        var malleated = new DerSequence(
            new DerInteger(new BigInteger(Gmt0003Part5.R, 16)),
            new DerInteger(new BigInteger(Gmt0003Part5.S, 16).Add(Gmt0003Part5.Order))).GetDerEncoded();

        var valid = publicKey.Verify(Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage), malleated);

        Assert.False(valid);
    }

    [Fact]
    public void Sign_ThenVerifyWithDefaultId_ReturnsTrue()
    {
        var key = Sm2PrivateKey.Generate();

        var signature = key.Sign(Message);

        Assert.True(key.PublicKey.Verify(Message, signature));
    }

    [Fact]
    public void Sign_ThenVerifyWithSameCustomId_ReturnsTrue()
    {
        var key = Sm2PrivateKey.Generate();

        var signature = key.Sign(Message, "netidentity-broker@example.cn");

        Assert.True(key.PublicKey.Verify(Message, signature, "netidentity-broker@example.cn"));
    }

    [Fact]
    public void Sign_DefaultId_VerifiesWithExplicitDefaultId()
    {
        var key = Sm2PrivateKey.Generate();

        var signature = key.Sign(Message);

        Assert.True(key.PublicKey.Verify(Message, signature, Gmt0003Part5.DistinguishingId));
    }

    [Fact]
    public void Sign_SameMessageTwice_ProducesDifferentSignatures()
    {
        // A fresh k per signature: reusing k with one key reveals the private key (GB/T 32918.2-2016 section 6.1, A3).
        var key = Sm2PrivateKey.Generate();

        var first = key.Sign(Message);
        var second = key.Sign(Message);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Verify_OtherId_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();
        var signature = key.Sign(Message, "alice@example.cn");

        var valid = key.PublicKey.Verify(Message, signature, "bob@example.cn");

        Assert.False(valid);
    }

    [Fact]
    public void Verify_OtherMessage_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();
        var signature = key.Sign(Message);
        var otherMessage = (byte[])Message.Clone();
        otherMessage[^2] ^= 0x01;

        var valid = key.PublicKey.Verify(otherMessage, signature);

        Assert.False(valid);
    }

    [Fact]
    public void Verify_OtherKey_ReturnsFalse()
    {
        var signature = Sm2PrivateKey.Generate().Sign(Message);
        var otherKey = Sm2PrivateKey.Generate().PublicKey;

        var valid = otherKey.Verify(Message, signature);

        Assert.False(valid);
    }

    [Fact]
    public void Verify_TruncatedSignature_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();
        var signature = key.Sign(Message);

        var valid = key.PublicKey.Verify(Message, signature.AsSpan(..^1));

        Assert.False(valid);
    }

    [Fact]
    public void Verify_AnySingleBitFlipped_ReturnsFalse()
    {
        // Every bit, header and length bytes included: each flip must yield false, never an exception.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));
        var message = Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage);
        var signature = Convert.FromHexString(Gmt0003Part5.SignatureDer);

        var accepted = new List<int>();
        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var flipped = (byte[])signature.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            if (publicKey.Verify(message, flipped))
            {
                accepted.Add(bit);
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void Verify_EmptySignature_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();

        var valid = key.PublicKey.Verify(Message, ReadOnlySpan<byte>.Empty);

        Assert.False(valid);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("ffffffffffffffff")]
    [InlineData("3000")]
    [InlineData("30060201010201")]
    [InlineData("3006020100020100")]
    [InlineData("30440220000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0220000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    public void Verify_GarbageBytes_ReturnsFalse(string signatureHex)
    {
        // Not DER at all, an empty SEQUENCE, a SEQUENCE cut inside its second INTEGER, r = s = 0,
        // and a well-formed but arbitrary (r, s).
        var key = Sm2PrivateKey.Generate();
        var signature = Convert.FromHexString(signatureHex);

        var valid = key.PublicKey.Verify(Message, signature);

        Assert.False(valid);
    }

    [Fact]
    public void Verify_RawRConcatenatedWithS_ReturnsFalse()
    {
        // The 64-byte r || s form is not the DER encoding GM/T 0009-2012 requires and must not be guessed at.
        var publicKey = Sm2PublicKey.FromUncompressedPoint(Convert.FromHexString(Gmt0003Part5.PublicKey));

        var valid = publicKey.Verify(
            Encoding.ASCII.GetBytes(Gmt0003Part5.SignedMessage),
            Convert.FromHexString(Gmt0003Part5.R + Gmt0003Part5.S));

        Assert.False(valid);
    }

    [Fact]
    public void Verify_TrailingByteAfterSignature_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();
        var signature = key.Sign(Message);

        var valid = key.PublicKey.Verify(Message, [.. signature, 0x00]);

        Assert.False(valid);
    }

    [Fact]
    public void Verify_OverLongSignature_ReturnsFalse()
    {
        var key = Sm2PrivateKey.Generate();
        var signature = key.Sign(Message);
        var overLong = signature.Concat(new byte[200]).ToArray();

        var valid = key.PublicKey.Verify(Message, overLong);

        Assert.False(valid);
    }
}
