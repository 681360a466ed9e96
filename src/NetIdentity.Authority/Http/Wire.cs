using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetIdentity.Authority.Http;

// The JSON shapes of docs/authority-contract.md, one record per message. Only this folder sees them.

internal sealed record SessionRequestWire(
    string OrgId,
    string AppId,
    string Timestamp,
    string BizSeq,
    string Mode,
    IReadOnlyList<string>? Attributes,
    string PlatformName,
    string MatchCode,
    string? ReturnUri,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IdentityRelease);

internal sealed record BizSeqRequestWire(string OrgId, string AppId, string Timestamp, string BizSeq);

internal sealed record IdentityRequestWire(string OrgId, string AppId, string Timestamp, string BizSeq, string ConsentId, IReadOnlyList<string> Fields);

internal sealed record SubjectRefWire(string? AppScopedId, string? IdentityEnvelope);

internal sealed record GuardianshipRequestWire(string OrgId, string AppId, string Timestamp, string RequestId, SubjectRefWire Child, SubjectRefWire Guardian);

internal sealed record RealNameStartWire(string OrgId, string AppId, string Timestamp, string RequestId, string IdentityEnvelope);

internal sealed record RealNameCodeWire(string OrgId, string AppId, string Timestamp, string RequestId, string Code);

internal sealed record RealNameFaceWire(string OrgId, string AppId, string Timestamp, string RequestId, string FaceSample);

internal sealed record DocumentWire(string IdType, string IdNumber);

internal sealed record RealNameIdentityWire(string Name, string IdType, string IdNumber, string Phone);

internal sealed record SignedWire(string? Payload, string? Signature, string? Kid);

internal sealed record ProblemWire(string? Code, string? Title, int? Status);

internal sealed record PendingWire(string? BizSeq, string? Status, DateTimeOffset? ExpiresAt);

/// <summary>Every signed payload shares these; each message adds its own fields.</summary>
internal sealed record PayloadWire
{
    public string? Type { get; init; }

    public string? OrgId { get; init; }

    public string? AppId { get; init; }

    public string? BizSeq { get; init; }

    public string? RequestId { get; init; }

    public string? Status { get; init; }

    public string? Mode { get; init; }

    public string? QrPayload { get; init; }

    public string? AppLink { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? CredentialId { get; init; }

    public string? Result { get; init; }

    public string? ResultCode { get; init; }

    public DateTimeOffset? ServiceTime { get; init; }

    public string? AppScopedId { get; init; }

    public double? FaceScore { get; init; }

    public Dictionary<string, string>? Attributes { get; init; }

    public string? Envelope { get; init; }

    public string? Relation { get; init; }

    public int? AttemptsLeft { get; init; }

    public string? MatchedCode { get; init; }

    public string? Channel { get; init; }

    public string? ReturnValueHash { get; init; }

    public string? IdentityRelease { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SessionRequestWire))]
[JsonSerializable(typeof(BizSeqRequestWire))]
[JsonSerializable(typeof(IdentityRequestWire))]
[JsonSerializable(typeof(GuardianshipRequestWire))]
[JsonSerializable(typeof(RealNameStartWire))]
[JsonSerializable(typeof(RealNameCodeWire))]
[JsonSerializable(typeof(RealNameFaceWire))]
[JsonSerializable(typeof(DocumentWire))]
[JsonSerializable(typeof(RealNameIdentityWire))]
[JsonSerializable(typeof(SignedWire))]
[JsonSerializable(typeof(ProblemWire))]
[JsonSerializable(typeof(PendingWire))]
[JsonSerializable(typeof(PayloadWire))]
internal sealed partial class AuthorityJson : JsonSerializerContext
{
    public static T? Read<T>(ReadOnlySpan<byte> utf8, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, info);
        }
        catch (JsonException e)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse, null, e);
        }
    }
}
