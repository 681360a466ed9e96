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
            || !Enum.TryParse<VerificationMode>(payload.Mode, ignoreCase: false, out var mode)
            || !Enum.IsDefined(mode))
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
        };
    }
}
