using System.Security.Cryptography;

namespace NetIdentity.Authority;

/// <summary>Fresh transaction identifiers in the contract's shape: 32 letters or digits.</summary>
public static class Identifiers
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new bizSeq: 32 characters from 62, about 190 bits, unguessable and single use.</summary>
    public static string NewBizSeq() => RandomNumberGenerator.GetString(Alphabet, 32);

    /// <summary>A new requestId for guardianship and real-name calls.</summary>
    public static string NewRequestId() => RandomNumberGenerator.GetString(Alphabet, 32);

    public static bool IsValid(string? value) =>
        value is { Length: 32 } && value.All(char.IsAsciiLetterOrDigit);
}
