using System.Buffers.Binary;

namespace NetIdentity.Cryptography;

/// <summary>
/// A digital envelope (GM/T 0010 idea, compact encoding of our own): a fresh SM4 key encrypts
/// the payload with SM4-GCM, and SM2 encrypts that key to the recipient. Only the holder of
/// the recipient's private key can open it; any change to any byte makes opening fail.
/// <para>Layout: <c>0x01 || len(k) (2, big-endian) || SM2(k) || SM4-GCM(payload)</c>.</para>
/// </summary>
public static class Sm2Envelope
{
    private const byte Version = 0x01;

    /// <summary>Seals <paramref name="payload"/> to <paramref name="recipient"/>.</summary>
    public static byte[] Seal(Sm2PublicKey recipient, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> associatedData = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var contentKey = Sm4Gcm.GenerateKey();
        try
        {
            var wrappedKey = recipient.Encrypt(contentKey);
            var body = Sm4Gcm.Seal(contentKey, payload, associatedData);
            var output = new byte[3 + wrappedKey.Length + body.Length];
            output[0] = Version;
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(1), (ushort)wrappedKey.Length);
            wrappedKey.CopyTo(output, 3);
            body.CopyTo(output, 3 + wrappedKey.Length);
            return output;
        }
        finally
        {
            Array.Clear(contentKey);
        }
    }

    /// <summary>Opens an envelope sealed to <paramref name="recipient"/>'s public key.</summary>
    /// <exception cref="CryptographyInputException">The envelope is malformed, tampered with, or for another key.</exception>
    public static byte[] Open(Sm2PrivateKey recipient, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (envelope.Length < 3 || envelope[0] != Version)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }

        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(envelope[1..]);
        if (envelope.Length < 3 + keyLength)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }

        var contentKey = recipient.Decrypt(envelope.Slice(3, keyLength));
        try
        {
            if (contentKey.Length != Sm4Gcm.KeySizeInBytes)
            {
                throw new CryptographyInputException(CryptographyError.DecryptionFailed);
            }

            return Sm4Gcm.Open(contentKey, envelope[(3 + keyLength)..], associatedData);
        }
        finally
        {
            Array.Clear(contentKey);
        }
    }

    /// <summary>Opens an envelope, returning <c>false</c> instead of throwing.</summary>
    public static bool TryOpen(Sm2PrivateKey recipient, ReadOnlySpan<byte> envelope, out byte[]? payload, ReadOnlySpan<byte> associatedData = default)
    {
        try
        {
            payload = Open(recipient, envelope, associatedData);
            return true;
        }
        catch (CryptographyInputException)
        {
            payload = null;
            return false;
        }
    }
}
