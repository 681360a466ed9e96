using System.Buffers.Binary;
using System.Text;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm2EnvelopeTests
{
    // Layout (Sm2Envelope): 0x01 || len (2, big-endian) || SM2(k) = C1 (65) C3 (32) C2 (16) || nonce (12) || SM4-GCM ciphertext || tag (16).
    private const int WrappedKeyLength = 65 + 32 + 16;
    private const int HeaderLength = 3;
    private const int BodyOffset = HeaderLength + WrappedKeyLength;

    private static readonly Sm2PrivateKey Recipient = Sm2PrivateKey.Generate();

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"name\":\"张三\",\"pid\":\"0001\",\"level\":\"L2\"}");

    private static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("client_id=portal-1");

    [Fact]
    public void Seal_ThenOpen_ReturnsPayload()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);

        var opened = Sm2Envelope.Open(Recipient, envelope);

        Assert.Equal(Payload, opened);
    }

    [Fact]
    public void Seal_ThenOpenWithSameAssociatedData_ReturnsPayload()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload, AssociatedData);

        var opened = Sm2Envelope.Open(Recipient, envelope, AssociatedData);

        Assert.Equal(Payload, opened);
    }

    [Fact]
    public void Seal_EmptyPayload_OpensToEmpty()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, ReadOnlySpan<byte>.Empty);

        var opened = Sm2Envelope.Open(Recipient, envelope);

        Assert.Empty(opened);
    }

    [Fact]
    public void Seal_Output_FollowsDocumentedLayout()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);

        Assert.Equal(0x01, envelope[0]);
        Assert.Equal(WrappedKeyLength, BinaryPrimitives.ReadUInt16BigEndian(envelope.AsSpan(1)));
        Assert.Equal(0x04, envelope[HeaderLength]);
        Assert.Equal(BodyOffset + Sm4Gcm.NonceSizeInBytes + Payload.Length + Sm4Gcm.TagSizeInBytes, envelope.Length);
    }

    [Fact]
    public void Open_WrongRecipient_ThrowsDecryptionFailed()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);
        var otherRecipient = Sm2PrivateKey.Generate();

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2Envelope.Open(otherRecipient, envelope));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(0)] // version
    [InlineData(1)] // wrapped-key length, high byte
    [InlineData(2)] // wrapped-key length, low byte
    [InlineData(HeaderLength + 10)] // SM2 C1
    [InlineData(HeaderLength + 65 + 3)] // SM2 C3
    [InlineData(HeaderLength + 97 + 4)] // SM2 C2 (the encrypted content key)
    [InlineData(BodyOffset + 3)] // GCM nonce
    [InlineData(BodyOffset + 12 + 5)] // GCM ciphertext
    [InlineData(-1)] // GCM tag, last byte
    public void Open_OneBitFlipped_ThrowsDecryptionFailed(int index)
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload, AssociatedData);
        envelope[index >= 0 ? index : envelope.Length + index] ^= 0x01;

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2Envelope.Open(Recipient, envelope, AssociatedData));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_WrongAssociatedData_ThrowsDecryptionFailed()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload, AssociatedData);

        var exception = Assert.Throws<CryptographyInputException>(
            () => Sm2Envelope.Open(Recipient, envelope, Encoding.UTF8.GetBytes("client_id=portal-2")));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_AssociatedDataOmitted_ThrowsDecryptionFailed()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload, AssociatedData);

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2Envelope.Open(Recipient, envelope));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Theory]
    [InlineData(1)] // the version byte alone
    [InlineData(HeaderLength)] // header only
    [InlineData(HeaderLength + 50)] // cut inside the wrapped key
    [InlineData(BodyOffset)] // wrapped key, no GCM body
    [InlineData(BodyOffset + 20)] // cut inside the GCM nonce and ciphertext
    [InlineData(-16)] // tag gone
    [InlineData(-1)] // tag one byte short
    public void Open_Truncated_ThrowsDecryptionFailed(int keptLength)
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);
        var truncated = keptLength >= 0 ? envelope[..keptLength] : envelope[..^-keptLength];

        var exception = Assert.Throws<CryptographyInputException>(() => Sm2Envelope.Open(Recipient, truncated));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void Open_Empty_ThrowsDecryptionFailed()
    {
        var exception = Assert.Throws<CryptographyInputException>(() => Sm2Envelope.Open(Recipient, ReadOnlySpan<byte>.Empty));

        Assert.Equal(CryptographyError.DecryptionFailed, exception.Error);
    }

    [Fact]
    public void TryOpen_ValidEnvelope_ReturnsTrueAndPayload()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload, AssociatedData);

        var opened = Sm2Envelope.TryOpen(Recipient, envelope, out var payload, AssociatedData);

        Assert.True(opened);
        Assert.Equal(Payload, payload);
    }

    [Fact]
    public void TryOpen_TamperedEnvelope_ReturnsFalseAndNull()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);
        envelope[^1] ^= 0x01;

        var opened = Sm2Envelope.TryOpen(Recipient, envelope, out var payload);

        Assert.False(opened);
        Assert.Null(payload);
    }

    [Fact]
    public void TryOpen_WrongRecipient_ReturnsFalseAndNull()
    {
        var envelope = Sm2Envelope.Seal(Recipient.PublicKey, Payload);

        var opened = Sm2Envelope.TryOpen(Sm2PrivateKey.Generate(), envelope, out var payload);

        Assert.False(opened);
        Assert.Null(payload);
    }
}
