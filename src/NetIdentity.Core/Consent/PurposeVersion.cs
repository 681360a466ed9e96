using System.Text;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Consent;

/// <summary>
/// A short fingerprint of everything the person is shown about a use of their data: purpose (both
/// languages), legal basis and retention. A consent is remembered for one version only.
/// </summary>
public static class PurposeVersion
{
    public static string Compute(string purposeZh, string purposeEn, string? legalBasis, string? retention)
    {
        var text = string.Join('\u001f', purposeZh, purposeEn, legalBasis ?? string.Empty, retention ?? string.Empty);
        return Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
