namespace NetIdentity.Authority;

/// <summary>Why a call to the authority did not give a usable answer.</summary>
public enum AuthorityFailure
{
    /// <summary>5xx, a network fault, or the circuit is open: try later.</summary>
    Unavailable = 1,

    /// <summary>No answer within the timeouts.</summary>
    Timeout = 2,

    /// <summary>The authority answered with a documented error (see <see cref="AuthorityException.Code"/>).</summary>
    Rejected = 3,

    /// <summary>A signed answer whose signature did not verify against a pinned key.</summary>
    InvalidSignature = 4,

    /// <summary>A verified answer that does not answer this request, or is not of the contract's shape.</summary>
    InvalidResponse = 5,
}

/// <summary>
/// A failed authority call. The message names the failure and the authority's error code, never
/// a payload, a key or personal data.
/// </summary>
public sealed class AuthorityException : Exception
{
    public AuthorityException(AuthorityFailure failure, string? code = null, Exception? innerException = null)
        : base($"Authority call failed: {failure}{(code is null ? string.Empty : " (" + code + ")")}.", innerException)
    {
        Failure = failure;
        Code = code;
    }

    public AuthorityException()
        : this(AuthorityFailure.InvalidResponse)
    {
    }

    public AuthorityException(string message)
        : base(message)
    {
        Failure = AuthorityFailure.InvalidResponse;
    }

    public AuthorityException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = AuthorityFailure.InvalidResponse;
    }

    public AuthorityFailure Failure { get; }

    /// <summary>The authority's error code (<c>A0410001</c> …) for <see cref="AuthorityFailure.Rejected"/>.</summary>
    public string? Code { get; }
}
