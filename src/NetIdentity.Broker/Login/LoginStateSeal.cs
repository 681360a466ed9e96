using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Seals a login's state for its row in <c>login_states</c>: AES-256-GCM under a key derived
/// (HKDF-SHA256, RFC 5869) from the browser's 256-bit reference, which the server never stores.
/// Only a request that presents the cookie can open the row: a copy of the database, even with
/// the Data Protection key ring it holds, reads nothing. The sealed value is bound to its login,
/// platform and version (the associated data), so a row's older payload put back, or another
/// login's, does not open.
/// </summary>
internal static class LoginStateSeal
{
    /// <summary>Marks this format in the column, so that a later one can be told apart.</summary>
    public const string Prefix = "v3.";

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>
    /// The HKDF <c>info</c>: separates this key from every other use of the reference (the row's
    /// key is its plain SHA-256).
    /// </summary>
    private static readonly byte[] Info = "NetIdentity.Broker.LoginState.v3"u8.ToArray();

    /// <summary>The sealing key of the login whose cookie holds <paramref name="reference"/> (43 base64url characters).</summary>
    public static byte[] KeyFor(string reference) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Base64Url.DecodeFromChars(reference), KeySize, salt: [], info: Info);

    /// <summary>The column value for <paramref name="plaintext"/>, as the login stands at <paramref name="version"/>.</summary>
    public static string Seal(byte[] key, ReadOnlySpan<byte> plaintext, string loginId, string clientId, long version)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            sealedBytes.AsSpan(NonceSize, plaintext.Length),
            sealedBytes.AsSpan(NonceSize + plaintext.Length, TagSize),
            AssociatedData(loginId, clientId, version));
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>
    /// What <see cref="Seal"/> sealed, or null: another format, a value damaged or changed in the
    /// column, sealed for another login, platform or version, or under another reference's key.
    /// </summary>
    public static byte[]? Open(byte[] key, string payload, string loginId, string clientId, long version)
    {
        if (!payload.StartsWith(Prefix, StringComparison.Ordinal)
            || !Base64Url.IsValid(payload.AsSpan(Prefix.Length), out var length)
            || length < NonceSize + TagSize)
        {
            return null;
        }

        var sealedBytes = Base64Url.DecodeFromChars(payload.AsSpan(Prefix.Length));
        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, plaintext.Length),
                sealedBytes.AsSpan(NonceSize + plaintext.Length, TagSize),
                plaintext,
                AssociatedData(loginId, clientId, version));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>Version, login id (22 base64url characters), then the platform: no part can run into the next.</summary>
    private static byte[] AssociatedData(string loginId, string clientId, long version) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{version}\u001f{loginId}\u001f{clientId}"));
}
