using System.Text;

namespace NetIdentity.Cryptography.Tests;

public sealed class Sm3Tests
{
    [Fact]
    public void Hash_Abc_MatchesStandardExample1()
    {
        // GB/T 32905-2016 Appendix A, example 1: the 24-bit message "abc".
        var message = Encoding.ASCII.GetBytes("abc");

        var digest = Sm3.Hash(message);

        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public async Task HashAsync_OfAStreamLongerThanItsBuffer_EqualsHashOfTheBytes()
    {
        var data = new byte[200_001];
        new Random(9).NextBytes(data);
        using var stream = new MemoryStream(data);

        var digest = await Sm3.HashAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(Sm3.Hash(data), digest);
    }

    [Fact]
    public void Hash_SixtyFourByteMessage_MatchesStandardExample2()
    {
        // GB/T 32905-2016 Appendix A, example 2: "abcd" repeated 16 times (512 bits), which
        // exercises a full block plus a padding-only block.
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)));

        var digest = Sm3.Hash(message);

        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Hmac_SameKeyAndData_IsDeterministic()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var data = Encoding.UTF8.GetBytes("state=af0ifjsldkj");

        var first = Sm3.Hmac(key, data);
        var second = Sm3.Hmac(key, data);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Hmac_KeyDiffersInOneBit_ChangesMac()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var otherKey = Convert.FromHexString("010102030405060708090a0b0c0d0e0f");
        var data = Encoding.UTF8.GetBytes("state=af0ifjsldkj");

        var mac = Sm3.Hmac(key, data);
        var otherMac = Sm3.Hmac(otherKey, data);

        Assert.NotEqual(mac, otherMac);
    }

    [Fact]
    public void Hmac_DataDiffersInOneByte_ChangesMac()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

        var mac = Sm3.Hmac(key, Encoding.UTF8.GetBytes("state=af0ifjsldkj"));
        var otherMac = Sm3.Hmac(key, Encoding.UTF8.GetBytes("state=af0ifjsldkk"));

        Assert.NotEqual(mac, otherMac);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(100)]
    public void Hmac_AnyKeyLength_EqualsRfc2104ConstructionOverSm3(int keyLength)
    {
        // RFC 2104 section 2 built by hand from Sm3.Hash with SM3's 64-byte block: an independent
        // check of block size and of the long-key rule (keys over 64 bytes are hashed first).
        var key = Enumerable.Range(0, keyLength).Select(i => (byte)(i * 7 + 1)).ToArray();
        var data = Encoding.UTF8.GetBytes("what do ya want for nothing?");

        var mac = Sm3.Hmac(key, data);

        Assert.Equal(Rfc2104HmacSm3(key, data), mac);
    }

    private static byte[] Rfc2104HmacSm3(byte[] key, byte[] data)
    {
        const int BlockSize = 64;
        var blockKey = new byte[BlockSize];
        (key.Length > BlockSize ? Sm3.Hash(key) : key).CopyTo(blockKey, 0);
        var inner = blockKey.Select(b => (byte)(b ^ 0x36)).Concat(data).ToArray();
        var outer = blockKey.Select(b => (byte)(b ^ 0x5c)).Concat(Sm3.Hash(inner)).ToArray();
        return Sm3.Hash(outer);
    }
}
