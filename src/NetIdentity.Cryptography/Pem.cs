namespace NetIdentity.Cryptography;

/// <summary>Minimal PEM (RFC 7468) reading and writing for the key types this library uses.</summary>
internal static class Pem
{
    public static byte[] Decode(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var header = $"-----BEGIN {label}-----";
        var footer = $"-----END {label}-----";
        var start = pem.IndexOf(header, StringComparison.Ordinal);
        var end = start < 0 ? -1 : pem.IndexOf(footer, start + header.Length, StringComparison.Ordinal);
        if (start < 0 || end < 0)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        var body = pem[(start + header.Length)..end];
        var buffer = new byte[body.Length];
        if (!Convert.TryFromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))), buffer, out var written) || written == 0)
        {
            throw new CryptographyInputException(CryptographyError.MalformedKey);
        }

        return buffer[..written];
    }

    public static string Encode(string label, byte[] der) =>
        new string(System.Security.Cryptography.PemEncoding.Write(label, der)) + "\n";
}
