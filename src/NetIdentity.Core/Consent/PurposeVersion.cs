using System.Text;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Consent;

/// <summary>
/// A short fingerprint of everything the person is shown about a use of their data: the purpose
/// (both languages), the scopes, the legal basis and the retention. A consent is remembered for
/// one version only, so changing any of them means asking again (PIPL Art. 14).
/// </summary>
public static class PurposeVersion
{
    public static string Compute(params string?[] shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var text = string.Join('\u001f', shown.Select(s => s ?? string.Empty));
        return Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
