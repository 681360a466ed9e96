namespace NetIdentity.MockAuthority.Protocol;

/// <summary>The error table of contract §1.3, one entry per code.</summary>
internal static class AuthorityErrors
{
    public static readonly ProblemCode Malformed = new("A0400001", 400, "The request is malformed.");
    public static readonly ProblemCode BadIdentifier = new("A0400002", 400, "The bizSeq or requestId is not 32 letters or digits.");
    public static readonly ProblemCode UnknownModeOrAttribute = new("A0400003", 400, "The mode or attribute is unknown.");
    public static readonly ProblemCode StaleTimestamp = new("A0400004", 400, "The timestamp is more than 300 s from the authority's clock.");
    public static readonly ProblemCode UnknownOrganisation = new("A0401001", 401, "The organisation or app is unknown.");
    public static readonly ProblemCode BadSignature = new("A0401002", 401, "The request signature is missing or invalid.");
    public static readonly ProblemCode AttributeNotAuthorised = new("A0403001", 403, "The organisation is not authorised for this attribute.");
    public static readonly ProblemCode PlaintextNotEntitled = new("A0403002", 403, "The organisation is not entitled to plaintext identity.");
    public static readonly ProblemCode IdentityNotConfirmed = new("A0403003", 403, "The person did not confirm the plaintext release in the app.");
    public static readonly ProblemCode NotFound = new("A0404001", 404, "No such session or verification.");
    public static readonly ProblemCode IdentifierUsed = new("A0409001", 409, "The bizSeq or requestId has already been used.");
    public static readonly ProblemCode IdentityReleased = new("A0409002", 409, "Plaintext identity was already released for this bizSeq.");
    public static readonly ProblemCode SessionNotPassed = new("A0409003", 409, "The session did not pass.");
    public static readonly ProblemCode OutOfOrder = new("A0409004", 409, "This step is out of order.");
    public static readonly ProblemCode Expired = new("A0410001", 410, "The session or verification expired.");
    public static readonly ProblemCode PlaintextWindowPassed = new("A0410002", 410, "The plaintext window has passed.");
    public static readonly ProblemCode TooManyCodes = new("A0429001", 429, "Too many wrong one-time codes; the verification is closed.");
    public static readonly ProblemCode Unavailable = new("A0503001", 503, "The authority is unavailable.");
}
