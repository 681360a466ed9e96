using System.Text;

namespace NetIdentity.Cryptography.Tests;

/// <summary>
/// Interoperability with an independent implementation: the OpenSSL 3 command line. Each test
/// exchanges files through a private temporary directory. OpenSSL 3.0 does not apply the
/// GM/T 0009-2012 default identifier by itself, so every SM2 command passes
/// <c>distid:1234567812345678</c> (or the custom identifier) explicitly.
/// </summary>
public sealed class OpenSslCrossCheckTests
{
    private const string DefaultId = "1234567812345678";

    // A credential-like document, as the broker signs it; non-ASCII on purpose, signed as UTF-8 bytes.
    private static readonly byte[] Credential = Encoding.UTF8.GetBytes(
        "{\"iss\":\"https://ctid.example.cn\",\"sub\":\"pid-7f3a\",\"name\":\"张三\",\"acr\":\"L2\",\"iat\":1767225600,\"exp\":1767229200}");

    [Fact]
    public async Task Sm3_LibraryDigest_MatchesOpenSsl()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abcd", 100)));
        await File.WriteAllBytesAsync(directory.File("data.bin"), data, TestContext.Current.CancellationToken);

        await OpenSsl.RunCheckedAsync(directory.Path, "dgst", "-sm3", "-binary", "-out", "digest.bin", "data.bin");

        var openSslDigest = await File.ReadAllBytesAsync(directory.File("digest.bin"), TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexStringLower(openSslDigest), Convert.ToHexStringLower(Sm3.Hash(data)));
    }

    [Fact]
    public async Task HmacSm3_LibraryMac_MatchesOpenSsl()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        await File.WriteAllBytesAsync(directory.File("data.bin"), Credential, TestContext.Current.CancellationToken);

        await OpenSsl.RunCheckedAsync(
            directory.Path,
            "mac", "-digest", "SM3", "-macopt", $"hexkey:{Convert.ToHexStringLower(key)}", "-binary", "-in", "data.bin", "-out", "mac.bin", "HMAC");

        var openSslMac = await File.ReadAllBytesAsync(directory.File("mac.bin"), TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexStringLower(openSslMac), Convert.ToHexStringLower(Sm3.Hmac(key, Credential)));
    }

    [Fact]
    public async Task Verify_LibrarySignatureOverCredential_OpenSslAccepts()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Sm2PrivateKey.Generate();
        await WriteSignedCredentialAsync(directory, key, Credential, Credential, DefaultId);

        var result = await OpenSslVerifyAsync(directory, DefaultId);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Verified OK", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LibrarySignatureOverTamperedCredential_OpenSslRejects()
    {
        // Proves the command above can fail: the same signature over a document differing in one byte.
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Sm2PrivateKey.Generate();
        var tampered = (byte[])Credential.Clone();
        tampered[^3] ^= 0x01;
        await WriteSignedCredentialAsync(directory, key, Credential, tampered, DefaultId);

        var result = await OpenSslVerifyAsync(directory, DefaultId);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Verification failure", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LibrarySignatureWithCustomId_OpenSslAcceptsWithSameId()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Sm2PrivateKey.Generate();
        await WriteSignedCredentialAsync(directory, key, Credential, Credential, "broker@netidentity.example.cn");

        var result = await OpenSslVerifyAsync(directory, "broker@netidentity.example.cn");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Verify_LibrarySignatureWithCustomId_OpenSslRejectsDefaultId()
    {
        // Proves OpenSSL really hashes the identifier into Z_A rather than ignoring -sigopt.
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Sm2PrivateKey.Generate();
        await WriteSignedCredentialAsync(directory, key, Credential, Credential, "broker@netidentity.example.cn");

        var result = await OpenSslVerifyAsync(directory, DefaultId);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Verify_OpenSslSignatureWithOpenSslKey_LibraryAccepts()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        await GenerateOpenSslKeyAsync(directory);
        await File.WriteAllBytesAsync(directory.File("credential.json"), Credential, TestContext.Current.CancellationToken);

        await OpenSsl.RunCheckedAsync(
            directory.Path,
            "dgst", "-sm3", "-sign", "key.pem", "-sigopt", $"distid:{DefaultId}", "-out", "sig.der", "credential.json");

        var publicKey = Sm2PublicKey.FromPem(await File.ReadAllTextAsync(directory.File("pub.pem"), TestContext.Current.CancellationToken));
        var signature = await File.ReadAllBytesAsync(directory.File("sig.der"), TestContext.Current.CancellationToken);
        Assert.True(publicKey.Verify(Credential, signature, DefaultId));
    }

    [Fact]
    public async Task FromPem_OpenSslPkcs8Key_PublicKeyEqualsOpenSslSubjectPublicKeyInfo()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        await GenerateOpenSslKeyAsync(directory);
        await OpenSsl.RunCheckedAsync(directory.Path, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der");

        var key = Sm2PrivateKey.FromPem(await File.ReadAllTextAsync(directory.File("key.pem"), TestContext.Current.CancellationToken));

        // Byte equality: the library writes the very SubjectPublicKeyInfo OpenSSL derives from the key.
        var openSslSpki = await File.ReadAllBytesAsync(directory.File("pub.der"), TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexString(openSslSpki), Convert.ToHexString(key.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public async Task ExportPkcs8Pem_LibraryKey_OpenSslDerivesSamePublicKey()
    {
        await OpenSsl.RequireAsync();
        using var directory = new TempDirectory();
        var key = Sm2PrivateKey.Generate();
        await File.WriteAllTextAsync(directory.File("key.pem"), key.ExportPkcs8Pem(), TestContext.Current.CancellationToken);

        await OpenSsl.RunCheckedAsync(directory.Path, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der");

        var openSslSpki = await File.ReadAllBytesAsync(directory.File("pub.der"), TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexString(key.PublicKey.ExportSubjectPublicKeyInfo()), Convert.ToHexString(openSslSpki));
    }

    /// <summary><c>openssl genpkey -algorithm SM2</c> (PKCS#8) and its <c>openssl pkey -pubout</c> (SPKI).</summary>
    private static async Task GenerateOpenSslKeyAsync(TempDirectory directory)
    {
        await OpenSsl.RunCheckedAsync(directory.Path, "genpkey", "-algorithm", "SM2", "-out", "key.pem");
        await OpenSsl.RunCheckedAsync(directory.Path, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    }

    /// <summary>Signs <paramref name="signed"/> with the library, then writes the key, signature and <paramref name="written"/> for OpenSSL.</summary>
    private static async Task WriteSignedCredentialAsync(TempDirectory directory, Sm2PrivateKey key, byte[] signed, byte[] written, string distinguishingId)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(directory.File("pub.pem"), key.PublicKey.ExportPem(), cancellationToken);
        await File.WriteAllBytesAsync(directory.File("sig.der"), key.Sign(signed, distinguishingId), cancellationToken);
        await File.WriteAllBytesAsync(directory.File("credential.json"), written, cancellationToken);
    }

    private static Task<OpenSslResult> OpenSslVerifyAsync(TempDirectory directory, string distinguishingId) =>
        OpenSsl.RunAsync(
            directory.Path,
            "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", $"distid:{distinguishingId}", "-signature", "sig.der", "credential.json");
}
