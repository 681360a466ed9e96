using NetIdentity.Authority;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Identity;
using NetIdentity.Core.Subjects;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Login;

/// <summary>What the person typed on the other way's form. Lives for one request; never logged.</summary>
public sealed record DocumentSubmission(string Name, string IdType, string IdNumber, string Phone)
{
    public override string ToString() => "DocumentSubmission";
}

/// <summary>The outcome of one step: the login as it now stands, and a message for the form when the person may retry.</summary>
public sealed record OtherPathStep(LoginTransaction Transaction, LoginError? FormError = null, int? AttemptsLeft = null, bool Throttled = false);

/// <summary>
/// The other lawful way (PRODUCT rule 4, equal service): the traditional real-name check, an SMS
/// code, and the face step when the level asks for it. The ID number is validated locally
/// (GB 11643), sent sealed to the authority, turned into a keyed hash, and dropped: only the
/// hash-derived subject remains. Every attempt leaves one authentication log entry.
/// </summary>
public sealed partial class OtherPathFlow(
    INationalAuthority authority,
    IAuthenticationLog log,
    PairwiseSubjects subjects,
    AuthorityKeys authorityKeys,
    OtherPathThrottle throttle,
    TimeProvider time,
    ILogger<OtherPathFlow> logger)
{
    public const string PathName = "document";

    /// <summary>The real-name check; on a match the authority sends the SMS code.</summary>
    public async Task<OtherPathStep> SubmitAsync(LoginTransaction transaction, PlatformOptions platform, DocumentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(submission);
        var today = ResidentIdNumber.DateInChina(time.GetUtcNow());
        var number = ResidentIdNumber.Normalize(submission.IdNumber);
        if (submission.IdType != ResidentIdNumber.IdType || !ResidentIdNumber.TryParseBirthDate(number, today, out var birthDate))
        {
            await log.AppendAsync(Entry(transaction, null, LoginErrors.InvalidIdNumber.Code), cancellationToken);
            return new OtherPathStep(transaction, LoginErrors.InvalidIdNumber);
        }

        var personKey = subjects.ForIdentityDocument(PlatformCatalog.Self.EffectiveSector, ResidentIdNumber.IdType, number);
        if (!await throttle.TryAcquireAsync(personKey, cancellationToken))
        {
            await log.AppendAsync(Entry(transaction, null, LoginErrors.TooManyAttempts.Code), cancellationToken);
            return new OtherPathStep(transaction, LoginErrors.TooManyAttempts, Throttled: true);
        }

        var requestId = Identifiers.NewRequestId();
        RealNameStep step;
        try
        {
            step = await authority.StartRealNameAsync(
                new RealNameSubmission(requestId, submission.Name.Trim(), ResidentIdNumber.IdType, number, submission.Phone.Trim()), cancellationToken);
        }
        catch (AuthorityException e)
        {
            return new OtherPathStep(await FailAsync(transaction with { BizSeq = requestId }, ErrorFor(e), cancellationToken));
        }

        if (!step.CodeSent)
        {
            // Never says whether the name or the number was wrong; slows down guessing.
            await Task.Delay(await throttle.RecordMismatchAsync(personKey, cancellationToken), time, cancellationToken);
            await log.AppendAsync(Entry(transaction, requestId, LoginErrors.RealNameMismatch.Code), cancellationToken);
            return new OtherPathStep(transaction, LoginErrors.RealNameMismatch);
        }

        // A child under 14, or a guardian verifying for one, may need a guardianship check: seal
        // the document to the authority now, so the number itself can be dropped.
        var band = ResidentIdNumber.AgeBandOf(birthDate, today);
        string? sealedDocument = null;
        var guardianshipRequestId = transaction.GuardianshipRequestId;
        if (band == AgeBand.Under14 || transaction.GuardianFor is not null)
        {
            guardianshipRequestId ??= Identifiers.NewRequestId();
            sealedDocument = SubjectReference.Seal(authorityKeys, ResidentIdNumber.IdType, number, guardianshipRequestId).SealedDocument;
        }

        // Equal service: what the 网号 path fetches from the authority after consent, this path
        // already has (matched by the authority); it is kept sealed to the broker, not in the clear.
        string? sealedIdentity = null;
        if (transaction.RequestedItems.Contains(Core.Consent.ConsentItem.MaskedIdentity) || transaction.RequestedItems.Contains(Core.Consent.ConsentItem.Identity))
        {
            sealedIdentity = SealIdentity(submission.Name.Trim(), number, requestId);
        }

        return new OtherPathStep(transaction with
        {
            SealedIdentity = sealedIdentity,
            SealedDocument = sealedDocument,
            GuardianshipRequestId = guardianshipRequestId,
            State = LoginState.AwaitingCode,
            Path = PathName,
            BizSeq = requestId,
            PendingSubject = subjects.ForIdentityDocument(platform.EffectiveSector, ResidentIdNumber.IdType, number),
            PendingPersonKey = personKey,
            AgeBand = band,
        });
    }

    /// <summary>The SMS code; on a match the login is verified, or goes on to the face step.</summary>
    public async Task<OtherPathStep> VerifyCodeAsync(LoginTransaction transaction, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.State != LoginState.AwaitingCode || transaction.BizSeq is null)
        {
            return new OtherPathStep(transaction);
        }

        RealNameStep step;
        try
        {
            step = await authority.VerifyRealNameCodeAsync(transaction.BizSeq, code.Trim(), cancellationToken);
        }
        catch (AuthorityException e)
        {
            return new OtherPathStep(await FailAsync(transaction, ErrorFor(e), cancellationToken));
        }

        if (!step.Verified)
        {
            await log.AppendAsync(Entry(transaction, transaction.BizSeq, LoginErrors.WrongCode.Code), cancellationToken);
            return new OtherPathStep(transaction, LoginErrors.WrongCode, step.AttemptsLeft);
        }

        // Possession of the phone reaches level 1; levels 2 and 3 need the face step, because
        // the other way has no knowledge factor and the face check is the stronger one.
        return !Assurance.OtherWayNeedsFace(transaction.RequiredLevel)
            ? new OtherPathStep(await VerifiedAsync(transaction, ["sms"], cancellationToken))
            : new OtherPathStep(transaction with { State = LoginState.AwaitingFace });
    }

    /// <summary>The face step: a capture sent to the authority, which compares it with its record.</summary>
    public async Task<OtherPathStep> VerifyFaceAsync(LoginTransaction transaction, ReadOnlyMemory<byte> sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.State != LoginState.AwaitingFace || transaction.BizSeq is null)
        {
            return new OtherPathStep(transaction);
        }

        RealNameStep step;
        try
        {
            step = await authority.VerifyRealNameFaceAsync(transaction.BizSeq, sample, cancellationToken);
        }
        catch (AuthorityException e)
        {
            return new OtherPathStep(await FailAsync(transaction, ErrorFor(e), cancellationToken));
        }

        return step.FaceMatched
            ? new OtherPathStep(await VerifiedAsync(transaction, ["sms", "face", "mfa"], cancellationToken))
            : new OtherPathStep(await FailAsync(transaction, LoginErrors.FaceMismatch, cancellationToken));
    }

    private string SealIdentity(string name, string number, string requestId)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new Consent.PlaintextIdentity(name, ResidentIdNumber.IdType, number), Consent.ConsentJson.Default.PlaintextIdentity);
        try
        {
            return System.Buffers.Text.Base64Url.EncodeToString(
                Cryptography.Sm2Envelope.Seal(authorityKeys.OrganisationKey.PublicKey, json, System.Text.Encoding.ASCII.GetBytes(requestId)));
        }
        finally
        {
            Array.Clear(json);
        }
    }

    private async Task<LoginTransaction> VerifiedAsync(LoginTransaction transaction, string[] methods, CancellationToken cancellationToken)
    {
        var entry = Entry(transaction, transaction.BizSeq, "C0000000") with
        {
            Subject = transaction.PendingSubject,
            Acr = Assurance.ToAcr(transaction.RequiredLevel),
        };
        if (!await log.AppendVerifiedAsync(entry, cancellationToken))
        {
            return await FailAsync(transaction, LoginErrors.CredentialReused, cancellationToken);
        }

        Log.OtherPathVerified(logger, transaction.ClientId, transaction.BizSeq!);

        // The lock-out counts failures, not logins: this attempt succeeded.
        if (transaction.PendingPersonKey is not null)
        {
            await throttle.ForgiveAsync(transaction.PendingPersonKey, cancellationToken);
        }

        return transaction with
        {
            State = LoginState.Verified,
            Subject = transaction.PendingSubject,
            PersonKey = transaction.PendingPersonKey,
            Level = transaction.RequiredLevel,
            AuthTime = time.GetUtcNow(),
            Methods = methods,
        };
    }

    private async Task<LoginTransaction> FailAsync(LoginTransaction transaction, LoginError error, CancellationToken cancellationToken)
    {
        await log.AppendAsync(Entry(transaction, transaction.BizSeq, error.Code), cancellationToken);
        return transaction with { State = LoginState.Failed, ErrorCode = error.Code };
    }

    private AuthenticationLogEntry Entry(LoginTransaction transaction, string? requestId, string resultCode) => new()
    {
        Time = time.GetUtcNow(),
        ClientId = transaction.ClientId,
        Path = PathName,
        BizSeq = requestId,
        ResultCode = resultCode,
    };

    private static LoginError ErrorFor(AuthorityException e) => e switch
    {
        { Failure: AuthorityFailure.Timeout } => LoginErrors.AuthorityTimeout,
        { Failure: AuthorityFailure.Unavailable } => LoginErrors.AuthorityUnavailable,
        { Failure: AuthorityFailure.InvalidSignature } => LoginErrors.SignatureInvalid,
        { Failure: AuthorityFailure.InvalidResponse } => LoginErrors.CredentialMalformed,
        { Code: "A0429001" } => LoginErrors.TooManyWrongCodes,

        // The verification took its code already (contract §7: single use): a replay.
        { Code: "A0409004" } => LoginErrors.CredentialReused,
        { Code: "A0410001" } => LoginErrors.RealNameExpired,
        _ => LoginErrors.AuthorityRejected,
    };
}
