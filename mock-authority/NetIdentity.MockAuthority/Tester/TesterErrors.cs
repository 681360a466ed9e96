using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Tester;

/// <summary>Errors of the tester API (docs/mock-authority.md, "Tester error codes"); T-prefixed so they never pass for authority codes.</summary>
internal static class TesterErrors
{
    public static readonly ProblemCode Malformed = new("T0400001", 400, "The tester request is malformed.");
    public static readonly ProblemCode WrongPath = new("T0400002", 400, "This persona has no 网证 (other path only).");
    public static readonly ProblemCode WrongMatchCode = new("T0400003", 400, "The matching code is not the one shown in the browser; the session is still pending.");
    public static readonly ProblemCode NotFound = new("T0404001", 404, "No such persona, session or one-time code.");
    public static readonly ProblemCode NotPending = new("T0409001", 409, "The session is not pending (already answered or expired).");
    public static readonly ProblemCode Unavailable = new("T0503001", 503, "The mock failed unexpectedly; see its log.");
}
