using NetIdentity.Core.Verification;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>Calls the adapter method behind each contract path with the sample inputs.</summary>
internal static class AuthorityCalls
{
    public static Task InvokeAsync(INationalAuthority authority, string path, CancellationToken cancellationToken) => path switch
    {
        Paths.Sessions => authority.OpenSessionAsync(new SessionRequest(Sample.BizSeq, VerificationMode.R03, ["ageBand", "gender"], Sample.PlatformName, Sample.MatchCode), cancellationToken),
        Paths.Credentials => authority.QueryCredentialAsync(Sample.BizSeq, cancellationToken),
        Paths.Identity => authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name", "idType", "idNumber"]), cancellationToken),
        Paths.Guardianships => authority.IsGuardianAsync(
            SubjectReference.ForAppScopedId(Sample.ChildAppScopedId), SubjectReference.ForDocument(Sample.IdType, Sample.IdNumber), cancellationToken),
        Paths.RealName => authority.StartRealNameAsync(Submission(), cancellationToken),
        Paths.RealNameOtp => authority.VerifyRealNameCodeAsync(Sample.RequestId, Sample.OtpCode, cancellationToken),
        Paths.RealNameFace => authority.VerifyRealNameFaceAsync(Sample.RequestId, Sample.FaceSample, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Not a contract path."),
    };

    public static RealNameSubmission Submission() =>
        new(Sample.RequestId, Sample.Name, Sample.IdType, Sample.IdNumber, Sample.Phone);
}
