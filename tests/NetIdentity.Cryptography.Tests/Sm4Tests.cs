using System.Text;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm4Tests
{
    // GB/T 32907-2016 Appendix A, example 1: key and plaintext are the same 128-bit value.
    private const string StandardKeyAndPlaintext = "0123456789abcdeffedcba9876543210";

    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899aabbccddeeff");

    [Fact]
    public void EncryptBlock_StandardExample1_MatchesCiphertext()
    {
        // GB/T 32907-2016 Appendix A, example 1.
        var key = Convert.FromHexString(StandardKeyAndPlaintext);
        var plaintext = Convert.FromHexString(StandardKeyAndPlaintext);

        var ciphertext = Sm4Gcm.EncryptBlock(key, plaintext);

        Assert.Equal("681edf34d206965e86b3e94f536e4246", Convert.ToHexStringLower(ciphertext));
    }

    [Fact]
    public void EncryptBlock_StandardExample2MillionIterations_MatchesCiphertext()
    {
        // GB/T 32907-2016 Appendix A, example 2: the same block encrypted 1,000,000 times under
        // the same key. Catches a key schedule or round function that is right only by chance once.
        var key = Convert.FromHexString(StandardKeyAndPlaintext);
        var block = Convert.FromHexString(StandardKeyAndPlaintext);

        for (var i = 0; i < 1_000_000; i++)
        {
            block = Sm4Gcm.EncryptBlock(key, block);
        }

        Assert.Equal("595298c7c6fd271f0402f804c33d3f66", Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Open_Rfc8998GcmVector_ReturnsPlaintext()
    {
        // RFC 8998 Appendix A.1 (SM4-GCM test vector), laid out as this library stores it:
        // nonce || ciphertext || tag. Proves the GCM mode, not just a round trip with itself.
        var key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
        var associatedData = Convert.FromHexString("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var sealedData = Convert.FromHexString(
            "00001234567800000000ABCD"
            + "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
            + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
            + "83DE3541E4C2B58177E065A9BF7B62EC");

        var plaintext = Sm4Gcm.Open(key, sealedData, associatedData);

        Assert.Equal(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
            + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
            Convert.ToHexString(plaintext));
    }

    [Fact]
    public void Seal_ThenOpen_ReturnsPlaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("{\"sub\":\"pid-0001\"}");

        var sealedData = Sm4Gcm.Seal(Key, plaintext);
        var opened = Sm4Gcm.Open(Key, sealedData);

        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void Seal_ThenOpenWithSameAssociatedData_ReturnsPlaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("{\"sub\":\"pid-0001\"}");
        var associatedData = Encoding.UTF8.GetBytes("client-42");

        var sealedData = Sm4Gcm.Seal(Key, plaintext, associatedData);
        var opened = Sm4Gcm.Open(Key, sealedData, associatedData);

        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void Seal_EmptyPlaintext_OpensToEmpty()
    {
        var sealedData = Sm4Gcm.Seal(Key, ReadOnlySpan<byte>.Empty);

        var opened = Sm4Gcm.Open(Key, sealedData);

        Assert.Empty(opened);
    }

    [Fact]
    public void Seal_Output_IsNonceCiphertextAndTag()
    {
        var plaintext = new byte[37];

        var sealedData = Sm4Gcm.Seal(Key, plaintext);

        Assert.Equal(Sm4Gcm.NonceSizeInBytes + plaintext.Length + Sm4Gcm.TagSizeInBytes, sealedData.Length);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_UsesFreshNonce()
    {
        // GCM under one key is broken by a repeated nonce (NIST SP 800-38D section 8), so each seal must draw a new one.
        var plaintext = Encoding.UTF8.GetBytes("same message");

        var first = Sm4Gcm.Seal(Key, plaintext);
        var second = Sm4Gcm.Seal(Key, plaintext);

        Assert.NotEqual(first[..Sm4Gcm.NonceSizeInBytes], second[..Sm4Gcm.NonceSizeInBytes]);
    }

    [Fact]
    public void Open_TamperedNonce_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"));
        sealedData[0] ^= 0x01;

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_TamperedCiphertext_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"));
        sealedData[Sm4Gcm.NonceSizeInBytes + 2] ^= 0x01;

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_TamperedTag_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"));
        sealedData[^1] ^= 0x80;

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_WrongAssociatedData_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"), Encoding.UTF8.GetBytes("client-42"));

        var exception = Assert.Throws<CryptographyInputException>(
            () => Sm4Gcm.Open(Key, sealedData, Encoding.UTF8.GetBytes("client-43")));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_AssociatedDataOmitted_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"), Encoding.UTF8.GetBytes("client-42"));

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_WrongKey_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"));
        var otherKey = Sm4Gcm.GenerateKey();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(otherKey, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_LastByteRemoved_ThrowsDecryptionFailed()
    {
        var sealedData = Sm4Gcm.Seal(Key, Encoding.UTF8.GetBytes("payload"));

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData.AsSpan(..^1)));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(27)]
    public void Open_ShorterThanNonceAndTag_ThrowsDecryptionFailed(int length)
    {
        var sealedData = new byte[length];

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(Key, sealedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(32)]
    public void Seal_KeyNot16Bytes_ThrowsInvalidArgument(int keyLength)
    {
        var key = new byte[keyLength];

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Seal(key, "payload"u8));

        Assert.Equal(CryptographyError.InvalidArgument, exception.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(32)]
    public void Open_KeyNot16Bytes_ThrowsInvalidArgument(int keyLength)
    {
        var sealedData = Sm4Gcm.Seal(Key, "payload"u8);
        var key = new byte[keyLength];

        var exception = Assert.Throws<CryptographyInputException>(() => Sm4Gcm.Open(key, sealedData));

        Assert.Equal(CryptographyError.InvalidArgument, exception.Error);
    }

    [Fact]
    public void GenerateKey_TwoCalls_ReturnDistinct16ByteKeys()
    {
        var first = Sm4Gcm.GenerateKey();
        var second = Sm4Gcm.GenerateKey();

        Assert.Equal(Sm4Gcm.KeySizeInBytes, first.Length);
        Assert.NotEqual(first, second);
    }
}
