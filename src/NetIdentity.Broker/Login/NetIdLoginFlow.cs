using NetIdentity.Authority;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Subjects;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The 网号/网证 path (PRODUCT.md, "Login with 网号/网证"): opens a session at the authority with
/// a fresh bizSeq bound to this login, then turns the credential into a verified login or a
/// failure. Every attempt that ends leaves exactly one authentication log entry.
/// </summary>
public sealed partial class NetIdLoginFlow(
    INationalAuthority authority,
    IAuthenticationLog log,
    PairwiseSubjects subjects,
    Microsoft.Extensions.Options.IOptions<AuthorityOptions> authorityOptions,
    TimeProvider time,
    ILogger<NetIdLoginFlow> logger)
{
    private const string Path = "netid";

    /// <summary>Opens the authority session for <paramref name="transaction"/>.</summary>
    /// <param name="transaction">The login.</param>
    /// <param name="platform">The platform, whose name the app shows.</param>
    /// <param name="returnUri">This login's app-link return address (<c>/login/{id}/netid/return</c>, absolute).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<LoginTransaction> StartAsync(LoginTransaction transaction, PlatformOptions platform, Uri returnUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        var mode = transaction.RequiredMode;
        var bizSeq = Identifiers.NewBizSeq();
        var matchCode = NewMatchCode();
        try
        {
            // The age band is always asked for: a child under 14 needs a guardian, and a platform
            // must know of a minor (PRODUCT rule 5). Beyond the minor flag it is released only with
            // consent (netid.age).
            string[] attributes = ["ageBand"];

            // Plaintext leaves the authority only with the person's own confirmation in the app
            // (the Measures: 经用户单独同意), for masked identity too, which the broker derives from it.
            var identityRelease = transaction.RequestedItems.Contains(ConsentItem.Identity) || transaction.RequestedItems.Contains(ConsentItem.MaskedIdentity);
            var request = new SessionRequest(bizSeq, mode, attributes, PlatformName(platform), matchCode, returnUri, identityRelease);
            var session = await authority.OpenSessionAsync(request, cancellationToken);
            return transaction with
            {
                State = LoginState.AwaitingApp,
                BizSeq = bizSeq,
                Mode = mode,
                MatchCode = matchCode,
                QrPayload = session.QrPayload,
                AppLink = session.AppLink.ToString(),
                SessionExpiresAt = session.ExpiresAt,
            };
        }
        catch (AuthorityException e)
        {
            var failed = transaction with { BizSeq = bizSeq, Mode = mode };
            return await FailAsync(failed, ErrorFor(e), cancellationToken);
        }
    }

    /// <summary>
    /// Asks the authority for the credential once. Returns the transaction unchanged while the
    /// person has not answered, verified when every check holds, failed otherwise.
    /// </summary>
    public async Task<LoginTransaction> PollAsync(LoginTransaction transaction, PlatformOptions platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        if (transaction.State != LoginState.AwaitingApp || transaction.BizSeq is null || transaction.Mode is null)
        {
            return transaction;
        }

        CredentialPoll poll;
        try
        {
            poll = await authority.QueryCredentialAsync(transaction.BizSeq, cancellationToken);
        }
        catch (AuthorityException e)
        {
            return await FailAsync(transaction, ErrorFor(e), cancellationToken);
        }

        if (poll.IsPending)
        {
            return transaction;
        }

        var now = time.GetUtcNow();
        var expected = new CredentialExpectation(transaction.BizSeq, authorityOptions.Value.OrgId, transaction.Mode.Value, transaction.MatchCode ?? string.Empty, transaction.AppReturnHash);
        var verdict = CredentialRules.Evaluate(poll.Credential!, expected, now);
        if (verdict.IsWaiting)
        {
            // An app-link approval whose return has not reached this browser yet (CredentialRules).
            return transaction;
        }

        if (!verdict.IsAccepted)
        {
            return await FailAsync(transaction, verdict.Error!, cancellationToken);
        }

        var credential = verdict.Credential!;
        if (MinorsPolicy.CheckAgeBand(credential.AgeBand) is { } noAgeBand)
        {
            return await FailAsync(transaction, noAgeBand, cancellationToken);
        }

        // acr states the level the login satisfied: the one asked for (CredentialRules checked the
        // mode reaches it). Both paths report it the same way, so a platform cannot tell them
        // apart from acr (PRODUCT rule 4, equal service).
        var level = transaction.RequiredLevel;
        var subject = subjects.ForNetworkIdentity(platform.EffectiveSector, credential.AppScopedId!);
        var entry = Entry(transaction, "C0000000") with { Subject = subject, Acr = Assurance.ToAcr(level), Mode = credential.Mode.ToString() };
        if (!await log.AppendVerifiedAsync(entry, cancellationToken))
        {
            return await FailAsync(transaction, LoginErrors.CredentialReused, cancellationToken);
        }

        Log.NetIdVerified(logger, transaction.ClientId, transaction.BizSeq, credential.Mode.ToString());
        return transaction with
        {
            State = LoginState.Verified,
            Subject = subject,
            Level = level,
            AuthTime = credential.ServiceTime,
            Methods = MethodsOf(credential.Mode),
            Mode = credential.Mode,
            PersonKey = subjects.ForNetworkIdentity(PlatformCatalog.Self.EffectiveSector, credential.AppScopedId!),
            AgeBand = credential.AgeBand,
            AppScopedId = credential.AppScopedId,
            Path = "netid",
        };
    }

    /// <summary>
    /// Records the one-time value the app-link return brought to this browser: only its SM3 hash,
    /// and only once per login (a second presentation is refused by the caller).
    /// </summary>
    public static LoginTransaction WithAppReturn(LoginTransaction transaction, string returnValue)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(returnValue);
        var hash = Convert.ToHexStringLower(Cryptography.Sm3.Hash(System.Text.Encoding.ASCII.GetBytes(returnValue)));
        return transaction with { AppReturnHash = hash };
    }

    /// <summary>Ends the login with <paramref name="error"/> and logs the attempt.</summary>
    public async Task<LoginTransaction> FailAsync(LoginTransaction transaction, LoginError error, CancellationToken cancellationToken)
    {
        await LogFailureAsync(transaction, error, cancellationToken);
        return transaction with { State = LoginState.Failed, ErrorCode = error.Code };
    }

    /// <summary>Logs the end of <paramref name="transaction"/> with <paramref name="error"/>, for a caller that stored the failure first.</summary>
    public async Task LogFailureAsync(LoginTransaction transaction, LoginError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(error);
        await log.AppendAsync(Entry(transaction, error.Code), cancellationToken);
        Log.NetIdFailed(logger, transaction.ClientId, transaction.BizSeq ?? "-", error.Code);
    }

    private AuthenticationLogEntry Entry(LoginTransaction transaction, string resultCode) => new()
    {
        Time = time.GetUtcNow(),
        ClientId = transaction.ClientId,
        Path = transaction.Path ?? Path,
        BizSeq = transaction.BizSeq,
        Mode = transaction.Mode?.ToString(),
        ResultCode = resultCode,
    };

    /// <summary>Two random digits (00–99): enough to stop a blind approval, short enough to compare at a glance.</summary>
    private static string NewMatchCode() =>
        System.Security.Cryptography.RandomNumberGenerator.GetInt32(100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name the app shows: the platform's Chinese display name (the app's language), at most 64 characters.</summary>
    private static string PlatformName(PlatformOptions platform)
    {
        var name = string.IsNullOrWhiteSpace(platform.DisplayName.Zh) ? platform.DisplayName.En : platform.DisplayName.Zh;
        name = string.IsNullOrWhiteSpace(name) ? platform.ClientId : name.Trim();
        return name.Length <= 64 ? name : name[..64];
    }

    /// <summary>RFC 8176 values: 网证 is a hardware-bound key ("hwk"), 口令 a PIN, the face check "face".</summary>
    private static string[] MethodsOf(VerificationMode mode) => mode switch
    {
        VerificationMode.R01 => ["hwk"],
        VerificationMode.R02 => ["hwk", "pin", "mfa"],
        VerificationMode.R03 => ["hwk", "face", "mfa"],
        _ => ["hwk", "pin", "face", "mfa"],
    };

    private static LoginError ErrorFor(AuthorityException e) => e.Failure switch
    {
        AuthorityFailure.Timeout => LoginErrors.AuthorityTimeout,
        AuthorityFailure.Unavailable => LoginErrors.AuthorityUnavailable,
        AuthorityFailure.InvalidSignature => LoginErrors.SignatureInvalid,
        AuthorityFailure.InvalidResponse => LoginErrors.CredentialMalformed,
        AuthorityFailure.Rejected when e.Code == "A0410001" => LoginErrors.SessionExpired,
        _ => LoginErrors.AuthorityRejected,
    };
}
