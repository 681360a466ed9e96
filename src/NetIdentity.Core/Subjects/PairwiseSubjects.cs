using System.Buffers.Text;
using System.Text;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Subjects;

/// <summary>
/// Pairwise subject identifiers (OIDC Core §8.1): a keyed hash (HMAC-SM3) of who the person is
/// and the platform's sector identifier. The same person and sector always get the same
/// <c>sub</c>; two sectors get unrelated values, so platforms cannot join their users on it.
/// The key is loaded once; anyone without it cannot link a <c>sub</c> back to the person.
/// </summary>
public sealed class PairwiseSubjects
{
    /// <summary>The published development key's fingerprint is refused outside Development.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly byte[] _key;

    public PairwiseSubjects(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The pairwise subject key must be at least {MinimumKeyBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The subject for a person verified with 网号/网证, from the 网络身份应用标识.</summary>
    public string ForNetworkIdentity(string sectorIdentifier, string appScopedId) =>
        Compute("netid", sectorIdentifier, appScopedId);

    /// <summary>
    /// The subject for a person verified the other way, from the ID type and number. The number
    /// is used here and discarded by the caller: only this keyed hash remains.
    /// </summary>
    public string ForIdentityDocument(string sectorIdentifier, string idType, string idNumber) =>
        Compute("document", sectorIdentifier, idType + ":" + idNumber);

    private string Compute(string kind, string sectorIdentifier, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(sectorIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(value);

        // Length-prefixed fields, so no two different inputs share an encoding.
        var input = Encoding.UTF8.GetBytes($"{kind.Length}:{kind}{sectorIdentifier.Length}:{sectorIdentifier}{value.Length}:{value}");
        var mac = Sm3.Hmac(_key, input);
        return Base64Url.EncodeToString(mac);
    }
}
