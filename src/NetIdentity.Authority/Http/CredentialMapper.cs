using NetIdentity.Core.Verification;

namespace NetIdentity.Authority.Http;

/// <summary>Maps a verified credential payload (contract §3) to the domain record.</summary>
internal static class CredentialMapper
{
    public static AuthorityCredential ToCredential(PayloadWire payload)
    {
        if (payload.CredentialId is null || payload.BizSeq is null || payload.OrgId is null
            || payload.ResultCode is null || payload.ServiceTime is null
            || payload.Result is not ("pass" or "fail")
            || ParseMode(payload.Mode) is not { } mode)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        string? ageBand = null;
        string? gender = null;
        payload.Attributes?.TryGetValue("ageBand", out ageBand);
        payload.Attributes?.TryGetValue("gender", out gender);

        return new AuthorityCredential
        {
            CredentialId = payload.CredentialId,
            BizSeq = payload.BizSeq,
            OrgId = payload.OrgId,
            Mode = mode,
            Passed = payload.Result == "pass",
            ResultCode = payload.ResultCode,
            ServiceTime = payload.ServiceTime.Value,
            AppScopedId = payload.AppScopedId,
            FaceScore = payload.FaceScore,
            AgeBand = ageBand switch
            {
                "under_14" => AgeBand.Under14,
                "14_17" => AgeBand.From14To17,
                "adult" => AgeBand.Adult,
                null => null,
                _ => throw new AuthorityException(AuthorityFailure.InvalidResponse),
            },
            Gender = gender,
            MatchedCode = payload.MatchedCode,
            Channel = payload.Channel switch
            {
                "qr" => ApprovalChannel.Qr,
                "applink" => ApprovalChannel.AppLink,
                null => ApprovalChannel.Unknown,
                _ => throw new AuthorityException(AuthorityFailure.InvalidResponse),
            },
            ReturnValueHash = payload.ReturnValueHash,
            IdentityReleaseConfirmed = payload.IdentityRelease switch
            {
                "confirmed" => true,
                "declined" => false,
                null => null,
                _ => throw new AuthorityException(AuthorityFailure.InvalidResponse),
            },
        };
    }

    // Exactly the four names of §3. Enum.TryParse would also take "3", " R04" or "R01,R02"
    // (flags: R01|R02 == R03), raising a credential's assurance on a malformed answer.
    private static VerificationMode? ParseMode(string? mode) => mode switch
    {
        "R01" => VerificationMode.R01,
        "R02" => VerificationMode.R02,
        "R03" => VerificationMode.R03,
        "R04" => VerificationMode.R04,
        _ => null,
    };
}
