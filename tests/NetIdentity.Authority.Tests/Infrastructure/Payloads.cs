using System.Text.Json.Nodes;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>Signed payloads as the contract shows them (§3, §4, §6, §7), answering the sample request.</summary>
internal static class Payloads
{
    public static JsonObject Session(string bizSeq = Sample.BizSeq, string mode = "R01") => new()
    {
        ["type"] = "netid.session",
        ["orgId"] = Sample.OrgId,
        ["appId"] = Sample.AppId,
        ["bizSeq"] = bizSeq,
        ["mode"] = mode,
        ["status"] = "pending",
        ["qrPayload"] = "netid://qr/" + bizSeq,
        ["appLink"] = "https://app.example/sessions/" + bizSeq,
        ["createdAt"] = "2026-11-22T12:00:00Z",
        ["expiresAt"] = "2026-11-22T12:02:00Z",
    };

    public static JsonObject Credential(string bizSeq = Sample.BizSeq, string mode = "R03", string result = "pass", string resultCode = "C0000000") => new()
    {
        ["type"] = "netid.credential",
        ["credentialId"] = Sample.CredentialId,
        ["orgId"] = Sample.OrgId,
        ["appId"] = Sample.AppId,
        ["bizSeq"] = bizSeq,
        ["mode"] = mode,
        ["result"] = result,
        ["resultCode"] = resultCode,
        ["serviceTime"] = "2026-11-22T12:00:31Z",
        ["issuedAt"] = "2026-11-22T12:00:31Z",
        ["appScopedId"] = Sample.AppScopedId,
        ["faceScore"] = 0.97,
        ["attributes"] = new JsonObject { ["ageBand"] = "adult", ["gender"] = "F" },
    };

    public static JsonObject Identity(string envelope, string bizSeq = Sample.BizSeq) => new()
    {
        ["type"] = "netid.identity",
        ["orgId"] = Sample.OrgId,
        ["appId"] = Sample.AppId,
        ["bizSeq"] = bizSeq,
        ["appScopedId"] = Sample.AppScopedId,
        ["issuedAt"] = "2026-11-22T12:01:00Z",
        ["envelope"] = envelope,
    };

    public static JsonObject Guardianship(string requestId, string relation = "guardian") => new()
    {
        ["type"] = "netid.guardianship",
        ["orgId"] = Sample.OrgId,
        ["appId"] = Sample.AppId,
        ["requestId"] = requestId,
        ["relation"] = relation,
        ["checkedAt"] = "2026-11-22T12:00:01Z",
    };

    public static JsonObject RealName(string requestId, string status, string resultCode = "C0000000") => new()
    {
        ["type"] = "netid.realname",
        ["orgId"] = Sample.OrgId,
        ["appId"] = Sample.AppId,
        ["requestId"] = requestId,
        ["status"] = status,
        ["resultCode"] = resultCode,
    };
}
