namespace NetIdentity.Data.Model;

/// <summary>Column lengths, checked before a write so that a too-long value fails with a clear message.</summary>
internal static class ColumnLengths
{
    public const int ChainId = 32;

    /// <summary>As OpenIddict's own client id column.</summary>
    public const int ClientId = 100;

    public const int Path = 16;

    /// <summary>authority-contract: <c>^[A-Za-z0-9]{32}$</c>.</summary>
    public const int BizSeq = 32;

    public const int Mode = 8;

    public const int ResultCode = 16;

    /// <summary>A pairwise subject is 43 base64url characters (HMAC-SM3).</summary>
    public const int Subject = 64;

    public const int Acr = 100;

    /// <summary>SM3 in lower-case hex.</summary>
    public const int Hash = 64;

    public const int KeyId = 64;

    public const int KeyUse = 3;

    public const int Algorithm = 32;
}
