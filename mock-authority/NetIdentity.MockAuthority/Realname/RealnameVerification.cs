using System.Security.Cryptography;
using System.Text;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Realname;

/// <summary>Where a real-name verification stands (contract §7).</summary>
internal enum RealnameState
{
    /// <summary>Name and number did not match; no code was sent.</summary>
    Mismatch,
    OtpSent,
    Verified,

    /// <summary>Too many wrong codes (A0429001).</summary>
    Closed,
}

/// <summary>
/// One traditional real-name verification: the name/number check, then the SMS code, then the
/// optional face check. Every step runs under one lock, so concurrent guesses count exactly.
/// </summary>
internal sealed class RealnameVerification
{
    /// <summary>Five wrong codes close the verification (contract §7).</summary>
    public const int MaxWrongCodes = 5;

    private readonly Lock _gate = new();
    private readonly byte[]? _code;
    private int _wrongCodes;

    public RealnameVerification(string requestId, string orgId, Persona? persona, string? code, DateTimeOffset openedAt, DateTimeOffset expiresAt)
    {
        RequestId = requestId;
        OrgId = orgId;
        Persona = persona;
        _code = code is null ? null : Encoding.ASCII.GetBytes(code);
        State = code is null ? RealnameState.Mismatch : RealnameState.OtpSent;
        ExpiresAt = expiresAt;
        OpenedAt = openedAt;
    }

    public string RequestId { get; }

    public string OrgId { get; }

    /// <summary>The matched person; <c>null</c> on a mismatch.</summary>
    public Persona? Persona { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public RealnameState State { get; private set; }

    /// <summary>Checks a one-time code: <c>verified</c>, <c>otp_invalid</c>, or the error that stops it.</summary>
    public Checked<CodeOutcome> SubmitCode(string code, DateTimeOffset now)
    {
        lock (_gate)
        {
            var problem = now > ExpiresAt ? AuthorityErrors.Expired
                : State == RealnameState.Closed ? AuthorityErrors.TooManyCodes
                : State != RealnameState.OtpSent ? AuthorityErrors.OutOfOrder
                : null;
            if (problem is not null)
            {
                return problem;
            }

            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(code), _code))
            {
                State = RealnameState.Verified;
                return new CodeOutcome("verified", CredentialDecision.Success, MaxWrongCodes - _wrongCodes);
            }

            if (++_wrongCodes >= MaxWrongCodes)
            {
                State = RealnameState.Closed;
                return AuthorityErrors.TooManyCodes;
            }

            return new CodeOutcome("otp_invalid", CredentialDecision.WrongCode, MaxWrongCodes - _wrongCodes);
        }
    }

    /// <summary>The face step, allowed only once the code was verified (A0409004 before).</summary>
    public ProblemCode? CheckFaceAllowed(DateTimeOffset now)
    {
        lock (_gate)
        {
            return now > ExpiresAt ? AuthorityErrors.Expired
                : State != RealnameState.Verified ? AuthorityErrors.OutOfOrder
                : null;
        }
    }
}

/// <summary>The answer to one submitted code.</summary>
internal sealed record CodeOutcome(string Status, string ResultCode, int AttemptsLeft);
