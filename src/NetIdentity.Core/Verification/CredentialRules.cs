using NetIdentity.Core.Errors;

namespace NetIdentity.Core.Verification;

/// <summary>What the broker asked the authority for, against which a credential is judged.</summary>
public sealed record CredentialExpectation(string BizSeq, string OrgId, VerificationMode Mode);

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

    internal static CredentialVerdict Accept(AuthorityCredential credential) => new(credential, null);

    internal static CredentialVerdict Reject(LoginError error) => new(null, error);
}

/// <summary>
/// The broker's checks on a credential whose signature is already verified
/// (authority-contract §8, points 3–4): this request's bizSeq, this organisation, fresh, a
/// mode that proves every factor of the mode asked for, and a pass. Single use of the bizSeq
/// is enforced by the store, atomically, after these checks.
/// </summary>
public static class CredentialRules
{
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
}
