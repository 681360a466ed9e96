using System.Security.Cryptography;

namespace NetIdentity.Cryptography;

/// <summary>What was wrong with an input that the national algorithms refused.</summary>
public enum CryptographyError
{
    /// <summary>The key is not valid PEM or DER of the expected structure.</summary>
    MalformedKey = 1,

    /// <summary>The key is well formed but not on the SM2 curve (sm2p256v1).</summary>
    WrongCurve = 2,

    /// <summary>The ciphertext is truncated, tampered with, or was made for another key.</summary>
    DecryptionFailed = 3,

    /// <summary>An argument has the wrong length or shape (a key, nonce or envelope).</summary>
    InvalidArgument = 4,
}

/// <summary>
/// Raised when an input to this library is unusable. The message is fixed per
/// <see cref="Error"/> and never contains key material or the input itself.
/// </summary>
public sealed class CryptographyInputException : CryptographicException
{
    public CryptographyInputException(CryptographyError error)
        : base(Describe(error))
    {
        Error = error;
    }

    public CryptographyInputException()
        : this(CryptographyError.InvalidArgument)
    {
    }

    public CryptographyInputException(string message)
        : base(message)
    {
        Error = CryptographyError.InvalidArgument;
    }

    public CryptographyInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = CryptographyError.InvalidArgument;
    }

    /// <summary>The kind of problem, stable for callers to branch on.</summary>
    public CryptographyError Error { get; }

    private static string Describe(CryptographyError error) => error switch
    {
        CryptographyError.MalformedKey => "The key is not a well-formed SM2 key.",
        CryptographyError.WrongCurve => "The key is not on the SM2 curve sm2p256v1.",
        CryptographyError.DecryptionFailed => "The ciphertext could not be decrypted with this key.",
        _ => "An argument has the wrong length or shape.",
    };
}
