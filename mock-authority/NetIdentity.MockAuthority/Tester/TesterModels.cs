using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Tester;

/// <summary><c>POST /tester/sessions/{bizSeq}/approve</c>.</summary>
/// <param name="Persona">The id of a persona with the <c>netid</c> path.</param>
/// <param name="Password">Optional: what the person types as 口令 (R02/R04); absent, the persona's usual behaviour.</param>
/// <param name="Face">Optional: <c>match</c> or <c>mismatch</c> (R03/R04); absent, the persona's usual behaviour.</param>
internal sealed record ApproveRequest(string Persona, string? Password = null, string? Face = null);

/// <summary>What the simulated app answered.</summary>
internal sealed record AnswerView(string BizSeq, string? Persona, string Result, string ResultCode, double? FaceScore)
{
    public static AnswerView From(string bizSeq, SessionAnswer answer) =>
        new(bizSeq, answer.Persona?.Id, answer.Passed ? "pass" : "fail", answer.ResultCode, answer.FaceScore);
}

/// <summary>A pending session as the tester sees it.</summary>
internal sealed record PendingSessionView(
    string BizSeq, string OrgId, string Organisation, string Mode, IReadOnlyList<string> Attributes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary><c>POST /tester/faults</c>: both members optional, default no fault.</summary>
internal sealed record FaultRequest(bool Outage = false, int DelayMs = 0);

/// <summary><c>POST /tester/organisations</c>, the same shape as an entry of <c>MockAuthority:Organisations</c>.</summary>
internal sealed record OrganisationRequest(
    string OrgId,
    IReadOnlyList<string> AppIds,
    string PublicKeyPem,
    IReadOnlyList<string>? AllowedAttributes = null,
    bool PlaintextEntitled = false,
    string? DisplayName = null);

/// <summary>A registered organisation, without its key.</summary>
internal sealed record OrganisationView(string OrgId, string DisplayName, IReadOnlyList<string> AppIds, IReadOnlyList<string> AllowedAttributes, bool PlaintextEntitled)
{
    public static OrganisationView From(Organisation organisation) => new(
        organisation.OrgId,
        organisation.DisplayName,
        [.. organisation.AppIds.Order(StringComparer.Ordinal)],
        [.. organisation.AllowedAttributes.Order(StringComparer.Ordinal)],
        organisation.PlaintextEntitled);
}
