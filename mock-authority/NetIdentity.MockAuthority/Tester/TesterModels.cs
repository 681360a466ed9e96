using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Tester;

/// <summary><c>POST /tester/sessions/{bizSeq}/approve</c>.</summary>
/// <param name="Persona">The id of a persona with the <c>netid</c> path.</param>
/// <param name="Password">Optional: what the person types as 口令 (R02/R04); absent, the persona's usual behaviour.</param>
/// <param name="Face">Optional: <c>match</c> or <c>mismatch</c> (R03/R04); absent, the persona's usual behaviour.</param>
/// <param name="MatchCode">Required: the matching code the browser shows next to the QR code (number matching).</param>
/// <param name="Identity">Optional: <c>confirm</c> (default) or <c>decline</c>, the in-app answer to a plaintext release.</param>
/// <param name="Channel">Optional: <c>qr</c> (default, a scanned QR code) or <c>applink</c> (the app link on the same phone).</param>
internal sealed record ApproveRequest(
    string Persona,
    string? Password = null,
    string? Face = null,
    string? MatchCode = null,
    string? Identity = null,
    string? Channel = null);

/// <summary>What the simulated app answered; for an app-link approval also <c>returnTo</c>, the address the app opens in the browser (with the one-time value).</summary>
internal sealed record AnswerView(string BizSeq, string? Persona, string Result, string ResultCode, double? FaceScore, string? ReturnTo)
{
    public static AnswerView From(string bizSeq, SessionAnswer answer) =>
        new(bizSeq, answer.Persona?.Id, answer.Passed ? "pass" : "fail", answer.ResultCode, answer.FaceScore, answer.ReturnTo?.AbsoluteUri);
}

/// <summary>A pending session as the tester sees it.</summary>
/// <remarks>It does not show the matching code: like the person, a script reads it in the browser.</remarks>
internal sealed record PendingSessionView(
    string BizSeq, string OrgId, string Organisation, string Platform, string Mode, IReadOnlyList<string> Attributes, bool IdentityRelease, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

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
