namespace NetIdentity.Core.Disclosure;

/// <summary>
/// The trust frameworks NetIdentity states in <c>verified_claims.verification.trust_framework</c>
/// (OpenID Identity Assurance Schema Definition 1.0, §5.1: REQUIRED, "the trust framework
/// governing the identity verification process"). None is registered at the OpenID Foundation:
/// China has no entry among its predefined values. These are NetIdentity's own, written as URNs
/// in the namespace of its <c>acr</c> values (<c>urn:netidentity:</c>) so that they can never
/// collide with a short value the Foundation registers later. docs/claims.md defines each.
/// </summary>
public static class TrustFrameworks
{
    /// <summary>
    /// The default: the person's real identity was verified by NetIdentity, with 网号/网证 or the
    /// other lawful way, at the stated level. Both ways state it, so a platform cannot tell how
    /// the person verified (PRODUCT rule 4, equal service; the same reason <c>amr</c> is withheld).
    /// </summary>
    public const string RealIdentity = "urn:netidentity:tf:cn_real_identity";

    /// <summary>
    /// Verified through the national network identity authentication public service (网号/网证),
    /// under the Measures for the National Network Identity Authentication Public Service (2025).
    /// Stated only to platforms the operator approved to learn the method.
    /// </summary>
    public const string NetworkIdentity = "urn:netidentity:tf:cn_netid";

    /// <summary>
    /// Verified the other lawful way: the three-element real-name check (name, ID number and the
    /// phone registered to them), a one-time code to that phone, and the face comparison when the
    /// level needs it. Stated only to platforms the operator approved to learn the method.
    /// </summary>
    public const string RealNameCheck = "urn:netidentity:tf:cn_real_name_check";

    /// <summary>Every framework NetIdentity may state (discovery's <c>trust_frameworks_supported</c>).</summary>
    public static readonly IReadOnlyList<string> All = [RealIdentity, NetworkIdentity, RealNameCheck];

    /// <summary>
    /// The framework of a login on <paramref name="path"/> (<c>netid</c> or <c>document</c>), as a
    /// platform may see it: the path's own only when <paramref name="revealPath"/>.
    /// </summary>
    public static string For(string path, bool revealPath) => !revealPath
        ? RealIdentity
        : path switch
        {
            "netid" => NetworkIdentity,
            "document" => RealNameCheck,
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "A login is verified on the 'netid' or the 'document' path."),
        };
}
