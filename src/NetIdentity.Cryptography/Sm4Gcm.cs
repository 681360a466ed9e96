using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace NetIdentity.Cryptography;

/// <summary>
/// SM4 (GB/T 32907-2016) in Galois/Counter Mode (NIST SP 800-38D; SM4-GCM as in RFC 8998):
/// authenticated encryption for enveloped payloads.
/// Output layout: <c>nonce (12) || ciphertext || tag (16)</c>.
/// </summary>
public static class Sm4Gcm
{
    public const int KeySizeInBytes = 16;
    public const int NonceSizeInBytes = 12;
    public const int TagSizeInBytes = 16;

    /// <summary>A fresh random 128-bit SM4 key.</summary>
    public static byte[] GenerateKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeySizeInBytes);

    /// <summary>Encrypts and authenticates <paramref name="plaintext"/>, binding <paramref name="associatedData"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        RequireKey(key);
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(NonceSizeInBytes);
        var cipher = Create(true, key, nonce, associatedData);
        var output = new byte[NonceSizeInBytes + cipher.GetOutputSize(plaintext.Length)];
        nonce.CopyTo(output, 0);
        var written = cipher.ProcessBytes(plaintext, output.AsSpan(NonceSizeInBytes));
        cipher.DoFinal(output.AsSpan(NonceSizeInBytes + written));
        return output;
    }

    /// <summary>Checks the tag and decrypts; the associated data must match what was sealed.</summary>
    /// <exception cref="CryptographyInputException">The data is truncated, tampered with, or under another key.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData = default)
    {
        RequireKey(key);
        if (sealedData.Length < NonceSizeInBytes + TagSizeInBytes)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }

        var cipher = Create(false, key, sealedData[..NonceSizeInBytes], associatedData);
        var body = sealedData[NonceSizeInBytes..];
        var output = new byte[cipher.GetOutputSize(body.Length)];
        try
        {
            var written = cipher.ProcessBytes(body, output);
            written += cipher.DoFinal(output.AsSpan(written));
            return output[..written];
        }
        catch (InvalidCipherTextException)
        {
            throw new CryptographyInputException(CryptographyError.DecryptionFailed);
        }
    }

    /// <summary>One raw SM4 block encryption (16 bytes), for the GB/T 32907 known-answer test.</summary>
    internal static byte[] EncryptBlock(ReadOnlySpan<byte> key, ReadOnlySpan<byte> block)
    {
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(block, output);
        return output;
    }

    private static GcmBlockCipher Create(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(key), TagSizeInBytes * 8, nonce.ToArray(), associatedData.ToArray()));
        return cipher;
    }

    private static void RequireKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizeInBytes)
        {
            throw new CryptographyInputException(CryptographyError.InvalidArgument);
        }
    }
}
