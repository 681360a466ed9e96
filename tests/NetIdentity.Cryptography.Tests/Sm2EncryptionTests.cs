using System.Text;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm2EncryptionTests
{
    // C1 = 04 || x1 || y1 (65 bytes), then C3 = SM3 check value (32 bytes), then C2 (GB/T 32918.4-2016, C1C3C2 order).
    private const int C1Length = 65;
    private const int C3Length = 32;

    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("content key 0123");

    [Fact]
    public void Decrypt_StandardCiphertext_ReturnsEncryptionStandard()
    {
        // GM/T 0003.5-2012 Annex C: "encryption standard" encrypted with k to the Annex A key.
        var key = Gmt0003Part5.LoadPrivateKey();

        var plaintext = key.Decrypt(Convert.FromHexString(Gmt0003Part5.CiphertextC1C3C2));

        Assert.Equal(Gmt0003Part5.EncryptedMessage, Encoding.ASCII.GetString(plaintext));
    }

    [Fact]
    public void Decrypt_StandardCiphertextReorderedToC1C2C3_ThrowsDecryptionFailed()
    {
        // The legacy C1C2C3 order of GM/T 0003.4-2012 must not be accepted by guesswork.
        var key = Gmt0003Part5.LoadPrivateKey();
        var ciphertext = Convert.FromHexString(Gmt0003Part5.CiphertextC1C3C2);
        byte[] reordered = [.. ciphertext[..C1Length], .. ciphertext[(C1Length + C3Length)..], .. ciphertext[C1Length..(C1Length + C3Length)]];

        var exception = Assert.Throws<CryptographyInputException>(() => key.Decrypt(reordered));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Encrypt_ThenDecrypt_ReturnsPlaintext()
    {
        var key = Sm2PrivateKey.Generate();

        var ciphertext = key.PublicKey.Encrypt(Plaintext);

        Assert.Equal(Plaintext, key.Decrypt(ciphertext));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(257)]
    public void Encrypt_Output_IsUncompressedC1ThenC3ThenC2(int plaintextLength)
    {
        var key = Sm2PrivateKey.Generate();

        var ciphertext = key.PublicKey.Encrypt(new byte[plaintextLength]);

        Assert.Equal(0x04, ciphertext[0]);
        Assert.Equal(C1Length + C3Length + plaintextLength, ciphertext.Length);
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_ProducesDifferentCiphertexts()
    {
        var key = Sm2PrivateKey.Generate();

        var first = key.PublicKey.Encrypt(Plaintext);
        var second = key.PublicKey.Encrypt(Plaintext);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Encrypt_EmptyPlaintext_ThrowsInvalidArgument()
    {
        var publicKey = Sm2PrivateKey.Generate().PublicKey;

        var exception = Assert.Throws<CryptographyInputException>(() => publicKey.Encrypt(ReadOnlySpan<byte>.Empty));

        Assert.Equal(CryptographyError.InvalidArgument, exception.Error);
    }

    [Fact]
    public void Decrypt_OtherKey_ThrowsDecryptionFailed()
    {
        var ciphertext = Sm2PrivateKey.Generate().PublicKey.Encrypt(Plaintext);
        var otherKey = Sm2PrivateKey.Generate();

        var exception = Assert.Throws<CryptographyInputException>(() => otherKey.Decrypt(ciphertext));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(0)] // C1 point-format byte
    [InlineData(5)] // C1 x1
    [InlineData(40)] // C1 y1
    [InlineData(64)] // C1 last byte of y1
    [InlineData(65)] // C3 first byte
    [InlineData(96)] // C3 last byte
    [InlineData(97)] // C2 first byte
    [InlineData(112)] // C2 last byte (16-byte plaintext)
    public void Decrypt_OneBitFlipped_ThrowsDecryptionFailed(int index)
    {
        var key = Sm2PrivateKey.Generate();
        var ciphertext = key.PublicKey.Encrypt(Plaintext);
        ciphertext[index] ^= 0x01;

        var exception = Assert.Throws<CryptographyInputException>(() => key.Decrypt(ciphertext));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(1)] // C2 one byte short
    [InlineData(16)] // C2 gone: C1 and C3 only
    [InlineData(40)] // cut inside C3
    [InlineData(80)] // cut inside C1
    public void Decrypt_Truncated_ThrowsDecryptionFailed(int bytesRemoved)
    {
        var key = Sm2PrivateKey.Generate();
        var ciphertext = key.PublicKey.Encrypt(Plaintext);

        var exception = Assert.Throws<CryptographyInputException>(() => key.Decrypt(ciphertext.AsSpan(..^bytesRemoved)));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Decrypt_Empty_ThrowsDecryptionFailed()
    {
        var key = Sm2PrivateKey.Generate();

        var exception = Assert.Throws<CryptographyInputException>(() => key.Decrypt(ReadOnlySpan<byte>.Empty));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }
}
