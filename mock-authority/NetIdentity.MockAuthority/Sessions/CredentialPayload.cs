using System.Text.Json.Serialization;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>The signed credential of contract §3 (<c>type</c> <c>netid.credential</c>).</summary>
internal sealed record CredentialPayload(
    string CredentialId,
    string OrgId,
    string AppId,
    string BizSeq,
    string Mode,
    string Result,
    string ResultCode,
    DateTimeOffset ServiceTime,
    DateTimeOffset IssuedAt,
    string? AppScopedId,
    double? FaceScore,
    IReadOnlyDictionary<string, string>? Attributes)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "netid.credential";
}

/// <summary>The signed answer to <c>POST /v1/sessions</c> (contract §3, <c>netid.session</c>).</summary>
internal sealed record SessionPayload(
    string OrgId,
    string AppId,
    string BizSeq,
    string Mode,
    string Status,
    string QrPayload,
    string AppLink,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "netid.session";
}

/// <summary>The unsigned <c>202</c> answer while the person has not answered (contract §3).</summary>
internal sealed record PendingCredential(string BizSeq, string Status, DateTimeOffset ExpiresAt);
