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

    /// <summary>The code the person matched in the app (contract v2, number matching); absent when they did not match.</summary>
    public string? MatchedCode { get; init; }

    /// <summary><c>qr</c> or <c>applink</c>: how the app was reached (contract v2).</summary>
    public string? Channel { get; init; }

    /// <summary>An app-link approval: hex SM3 of the one-time value sent back to the return URI (contract v2).</summary>
    public string? ReturnValueHash { get; init; }

    /// <summary><c>confirmed</c> or <c>declined</c>: the person's in-app answer to a plaintext release, when asked (contract v2, §4).</summary>
    public string? IdentityRelease { get; init; }
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
