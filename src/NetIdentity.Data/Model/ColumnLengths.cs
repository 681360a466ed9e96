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

    /// <summary>A DER SM2 signature: SEQUENCE of two INTEGERs of at most 33 bytes each, 72 bytes in all.</summary>
    public const int Sm2Signature = 72;

    public const int KeyUse = 3;

    public const int Algorithm = 32;

    /// <summary>
    /// The id of a consent ledger entry, an identity delivery or an outbox message: a GUID, 32
    /// characters (<c>"N"</c>) or 36 (<c>"D"</c>).
    /// </summary>
    public const int RecordId = 36;

    /// <summary><see cref="Core.Consent.PurposeVersion"/> makes 16 hex digits; room for a longer fingerprint.</summary>
    public const int PurposeVersion = 64;

    /// <summary>Comma-separated small integers: "1,2,3" is five.</summary>
    public const int ConsentItems = 32;

    /// <summary>A status code or an exception type, never a payload; longer reasons are cut.</summary>
    public const int LastError = 256;

    /// <summary>The id of the broker instance holding an outbox message's lease: host, process and a random part.</summary>
    public const int LeaseOwner = 100;

    /// <summary>A login state key: SHA-256 in base64url (43 characters).</summary>
    public const int LoginKey = 43;

    /// <summary>A login id: 16 bytes in base64url (22 characters).</summary>
    public const int LoginId = 22;

    /// <summary>The name of a login state (<c>AwaitingApp</c>, …).</summary>
    public const int LoginState = 32;

    /// <summary>A back-channel logout <c>sid</c>: 16 bytes in base64url (22 characters); room for more.</summary>
    public const int SessionId = 64;

    /// <summary>The name of a pinned setting (<c>Broker:PairwiseSubjectKey</c>).</summary>
    public const int SettingName = 64;

    /// <summary>An SSF stream id: 16 random bytes in base64url (22 characters); room for more.</summary>
    public const int StreamId = 64;

    /// <summary>A stream's endpoint URL, description or status reason.</summary>
    public const int StreamText = 2048;

    /// <summary>A stream's push Authorization header, as protected by Data Protection (larger than the value).</summary>
    public const int StreamSecret = 4096;

    /// <summary>A stream's requested event type URIs, space-separated.</summary>
    public const int StreamEvents = 4096;
}
