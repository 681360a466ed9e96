using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace NetIdentity.Cryptography;

/// <summary>The SM3 hash function (GB/T 32905-2016) and HMAC-SM3 (RFC 2104 construction).</summary>
public static class Sm3
{
    /// <summary>SM3 digests are 256 bits.</summary>
    public const int HashSizeInBytes = 32;

    /// <summary>Computes the SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data);
        var output = new byte[HashSizeInBytes];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>Computes the SM3 digest of the rest of <paramref name="stream"/>, reading it in blocks (a file of any size).</summary>
    public static async Task<byte[]> HashAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var digest = new SM3Digest();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            digest.BlockUpdate(buffer, 0, read);
        }

        var output = new byte[HashSizeInBytes];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>Computes HMAC-SM3 of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var output = new byte[HashSizeInBytes];
        mac.DoFinal(output);
        return output;
    }
}
