using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>bizSeq and requestId: 32 letters or digits, made by the caller (contract §1).</summary>
internal static partial class Identifiers
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>A fresh identifier of the same shape (lowercase hex), for ids the mock makes itself.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex("^[A-Za-z0-9]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
