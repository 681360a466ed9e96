using System.Globalization;
using System.Text;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Audit;

/// <summary>
/// Makes the authentication log tamper-evident: each entry's hash is SM3 over the previous
/// entry's hash and the entry's fields, so changing, removing or reordering an entry breaks
/// every hash after it. Each writer (broker instance) keeps its own chain, so appending needs
/// no cross-instance lock and no read on the login path.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous-hash of the first entry of every chain.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(string previousHash, string chainId, long position, AuthenticationLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = string.Join(
            '\u001f',
            previousHash,
            chainId,
            position.ToString(CultureInfo.InvariantCulture),
            entry.Time.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.ClientId,
            entry.Path,
            entry.BizSeq ?? string.Empty,
            entry.Mode ?? string.Empty,
            entry.ResultCode,
            entry.Subject ?? string.Empty,
            entry.Acr ?? string.Empty);
        return Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(canonical)));
    }
}
