using Org.BouncyCastle.Security;

namespace NetIdentity.Cryptography.Tests;

/// <summary>
/// A <see cref="SecureRandom"/> that hands out one fixed 32-byte value, once. BouncyCastle 2.7's
/// SM2Signer draws k through RandomDsaKCalculator.NextK, which builds
/// <c>new BigInteger(256, random)</c>: a single 32-byte NextBytes(Span) call read big-endian,
/// with no bits masked off for a 256-bit order. Any further or differently sized request fails
/// loudly, so the known-answer test cannot silently fall back to real randomness.
/// </summary>
internal sealed class FixedScalarRandom : SecureRandom
{
    private readonly byte[] _value;

    public FixedScalarRandom(byte[] value)
    {
        _value = value;
    }

    public int Draws { get; private set; }

    public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

    public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer)
    {
        if (Draws > 0 || buffer.Length != _value.Length)
        {
            throw new InvalidOperationException(
                $"Unexpected draw of {buffer.Length} bytes after {Draws} draw(s); the fixed scalar is {_value.Length} bytes, served once.");
        }

        Draws++;
        _value.CopyTo(buffer);
    }
}
