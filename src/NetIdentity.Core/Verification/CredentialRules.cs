using NetIdentity.Core.Errors;

namespace NetIdentity.Core.Verification;

/// <summary>What the broker asked the authority for, against which a credential is judged.</summary>
/// <param name="BizSeq">This login's session.</param>
/// <param name="OrgId">The broker's organisation.</param>
/// <param name="Mode">The mode asked for.</param>
/// <param name="MatchCode">The matching code this login's browser shows (number matching).</param>
/// <param name="ReturnValueHash">
/// Hex SM3 of the one-time value this login's browser presented at the app-link return, if it did.
/// </param>
public sealed record CredentialExpectation(string BizSeq, string OrgId, VerificationMode Mode, string MatchCode, string? ReturnValueHash = null);

/// <summary>
/// The verdict on a credential. Fails closed: only <see cref="Accept"/> makes a verified
/// outcome, and a verified outcome always has a subject-bearing credential.
/// </summary>
public sealed class CredentialVerdict
{
    private CredentialVerdict(AuthorityCredential? credential, LoginError? error)
    {
        Credential = credential;
        Error = error;
    }

    public AuthorityCredential? Credential { get; }

    public LoginError? Error { get; }

    public bool IsAccepted => Error is null && Credential is not null;

    /// <summary>
    /// Neither accepted nor refused yet: an app-link approval whose return has not reached this
    /// browser. The login keeps waiting; nothing is consumed.
    /// </summary>
    public bool IsWaiting => Error is null && Credential is null;

    internal static CredentialVerdict Accept(AuthorityCredential credential) => new(credential, null);

    internal static CredentialVerdict Wait() => new(null, null);

    internal static CredentialVerdict Reject(LoginError error) => new(null, error);
}

/// <summary>
/// The broker's checks on a credential whose signature is already verified
/// (authority-contract §8, points 2–8): this request's bizSeq, this organisation, fresh, a
/// mode that proves every factor of the mode asked for, a pass, approved by matching this
/// browser's code, and — for an app-link approval — returned to this browser. Single use of the
/// bizSeq is enforced by the store, atomically, after these checks.
/// </summary>
public static class CredentialRules
{
    /// <summary>
    /// How long after the approval an app-link credential waits for its return to reach this
    /// browser. Past it the login fails (NI1122): a relayed app link returns to another browser,
    /// so this login must never complete.
    /// </summary>
    public static readonly TimeSpan AppReturnGrace = TimeSpan.FromSeconds(60);

    /// <summary>How old a credential's <c>serviceTime</c> may be, and how far in the future (clock skew).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(300);

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static CredentialVerdict Evaluate(AuthorityCredential credential, CredentialExpectation expected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(expected);

        if (!string.Equals(credential.BizSeq, expected.BizSeq, StringComparison.Ordinal))
        {
            return CredentialVerdict.Reject(LoginErrors.CredentialForAnotherSession);
        }

        if (!string.Equals(credential.OrgId, expected.OrgId, StringComparison.Ordinal))
        {
            return CredentialVerdict.Reject(LoginErrors.CredentialForAnotherOrganisation);
        }

        if (credential.ServiceTime < now - Freshness || credential.ServiceTime > now + ClockSkew)
        {
            return CredentialVerdict.Reject(LoginErrors.CredentialStale);
        }

        if (!credential.Passed || credential.ResultCode != "C0000000")
        {
            return CredentialVerdict.Reject(LoginErrors.ForResultCode(credential.ResultCode));
        }

        // Number matching: the person picked, in the app, the code this browser shows. A QR code
        // relayed to someone else is approved, if at all, without this login's code.
        if (credential.MatchedCode is null || !FixedTimeEquals(credential.MatchedCode, expected.MatchCode))
        {
            return CredentialVerdict.Reject(LoginErrors.ApprovalNotMatched);
        }

        if (credential.Channel == ApprovalChannel.AppLink)
        {
            // Same device: the app returned to a browser with a one-time value. Only the browser
            // holding this login can present it here; a relayed app link returns to the victim's.
            if (expected.ReturnValueHash is null)
            {
                return credential.ServiceTime + AppReturnGrace < now ? CredentialVerdict.Reject(LoginErrors.AppReturnMissing) : CredentialVerdict.Wait();
            }

            if (credential.ReturnValueHash is null || !FixedTimeEquals(credential.ReturnValueHash, expected.ReturnValueHash))
            {
                return CredentialVerdict.Reject(LoginErrors.AppReturnMissing);
            }
        }
        else if (credential.Channel != ApprovalChannel.Qr)
        {
            return CredentialVerdict.Reject(LoginErrors.CredentialMalformed);
        }

        // Every factor of the mode asked for, not merely the same level: an R03 credential (no
        // password) must not satisfy a platform that prefers R04 (issue 8 §6).
        if (!VerificationModes.Satisfies(credential.Mode, expected.Mode))
        {
            return CredentialVerdict.Reject(LoginErrors.ModeTooWeak);
        }

        if (string.IsNullOrEmpty(credential.AppScopedId))
        {
            return CredentialVerdict.Reject(LoginErrors.VerificationFailed);
        }

        return CredentialVerdict.Accept(credential);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
