using System.Globalization;
using System.Text.Json.Nodes;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Disclosure;

/// <summary>
/// The verification result as OpenID Connect for Identity Assurance 1.0 states it:
/// <c>verified_claims</c> = { <c>verification</c>, <c>claims</c> } (OpenID Identity Assurance
/// Schema Definition 1.0, §5). It says nothing the legacy claims do not already say to the same
/// platform (docs/claims.md, "Identity assurance"): the level is <c>acr</c>'s, the time is
/// <c>netid_verified_at</c>'s, and <c>claims</c> holds only claims released under their scopes.
/// </summary>
public static class VerifiedClaims
{
    /// <summary>The claim (IDA Schema §5), in userinfo and, when asked, in the ID token.</summary>
    public const string ClaimType = "verified_claims";

    /// <summary>
    /// Internal: the userinfo statement decided at login (its <c>verification</c> and the
    /// platform's userinfo request), inside the broker-encrypted access token. Never echoed.
    /// </summary>
    public const string UserInfoBasis = "netid_verified_claims_basis";

    /// <summary>The evidence type: a record the authority (or the real-name service) holds and checked (IDA Schema §5.1.1).</summary>
    public const string ElectronicRecord = "electronic_record";

    /// <summary>
    /// The claims that may appear inside <c>claims</c>, each only when it is released under its
    /// own scope (discovery's <c>claims_in_verified_claims_supported</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> Claimable =
    [
        ClaimRelease.AgeBand, ClaimRelease.Minor, ClaimRelease.AgeOver14, ClaimRelease.AgeOver18, ClaimRelease.MaskedName, ClaimRelease.MaskedIdNumber,
        ClaimRelease.Name, ClaimRelease.IdType, ClaimRelease.IdNumber,
    ];

    /// <summary>Plaintext identity: userinfo only, once, never the ID token (PRODUCT rule 2), whatever is asked.</summary>
    public static readonly IReadOnlySet<string> UserInfoOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        ClaimRelease.Name, ClaimRelease.IdType, ClaimRelease.IdNumber,
    };

    /// <summary>
    /// The whole <c>verification</c> element of a login: what the broker knows, and no more.
    /// <paramref name="revealPath"/> (the operator's approval to release the method, as for
    /// <c>amr</c>) decides whether the path's own framework and the evidence are stated; without
    /// it both ways read the same (PRODUCT rule 4).
    /// </summary>
    /// <param name="path"><c>netid</c> (网号/网证) or <c>document</c> (the other way).</param>
    /// <param name="level">The level the login satisfied: the same as <c>acr</c>.</param>
    /// <param name="time">When the person was verified: the same as <c>netid_verified_at</c>.</param>
    /// <param name="faceChecked">Whether the authority compared the person's face (R03, R04, or the other way's face step).</param>
    /// <param name="revealPath">Whether this platform may learn how the person verified.</param>
    public static JsonObject Verification(string path, AssuranceLevel level, DateTimeOffset time, bool faceChecked, bool revealPath)
    {
        // IDA Schema §5.1: time is ISO 8601 "YYYY-MM-DDThh:mm[:ss]TZD"; UTC, to the second.
        var at = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var verification = new JsonObject
        {
            ["trust_framework"] = TrustFrameworks.For(path, revealPath),
            ["assurance_level"] = Assurance.ToAcr(level),
            ["time"] = at,
        };
        if (revealPath)
        {
            verification["evidence"] = new JsonArray(Evidence(path, faceChecked, at));
        }

        return verification;
    }

    /// <summary>
    /// The <c>verified_claims</c> value for <paramref name="target"/>: one object, an array (when
    /// the request was an array), or null when no request can be met. <paramref name="request"/>
    /// null is the scope-based default (userinfo only): the whole verification and every claim
    /// given. With a request, IDA §5: only the claims it names and the verification elements it
    /// names (<c>trust_framework</c> always), and nothing where a <c>value</c>/<c>values</c>
    /// constraint does not hold.
    /// </summary>
    /// <param name="verification">The login's verification element (<see cref="Verification"/>).</param>
    /// <param name="released">The claims released to this platform under their scopes, by name; others are ignored.</param>
    /// <param name="request">The platform's request for this target, or null for the default.</param>
    /// <param name="target">Where the value goes; the ID token never gets plaintext identity.</param>
    public static JsonNode? Release(JsonObject verification, IReadOnlyDictionary<string, JsonNode?> released, VerifiedClaimsRequests? request, ClaimDestinations target)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(released);
        var claimable = released
            .Where(c => Claimable.Contains(c.Key) && (target != ClaimDestinations.IdToken || !UserInfoOnly.Contains(c.Key)))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

        if (request is null)
        {
            return target == ClaimDestinations.IdToken ? null : Statement(verification.DeepClone().AsObject(), claimable, names: null);
        }

        var answers = new List<JsonObject>();
        foreach (var item in request.Items)
        {
            if (!Holds(verification, "trust_framework", item.TrustFrameworks) || !Holds(verification, "assurance_level", item.AssuranceLevels))
            {
                continue;
            }

            var stated = new JsonObject { ["trust_framework"] = verification["trust_framework"]!.DeepClone() };
            foreach (var element in item.Verification.Where(e => e != "trust_framework" && verification.ContainsKey(e)))
            {
                stated[element] = verification[element]!.DeepClone();
            }

            answers.Add(Statement(stated, claimable, item.Claims));
        }

        return answers.Count == 0 ? null : request.IsArray ? new JsonArray([.. answers]) : answers[0];
    }

    private static JsonObject Statement(JsonObject verification, Dictionary<string, JsonNode?> claimable, IReadOnlySet<string>? names)
    {
        var claims = new JsonObject();
        foreach (var name in Claimable.Where(n => claimable.ContainsKey(n) && (names is null || names.Contains(n))))
        {
            claims[name] = claimable[name]?.DeepClone();
        }

        // An empty claims object states the verification alone, NetIdentity's default release
        // (ekyc-ida issue #1317: verification without personal data).
        return new JsonObject { ["verification"] = verification, ["claims"] = claims };
    }

    private static bool Holds(JsonObject verification, string element, IReadOnlyList<string>? accepted) =>
        accepted is null
        || (verification[element] is JsonValue value && value.TryGetValue<string>(out var stated) && accepted.Contains(stated, StringComparer.Ordinal));

    /// <summary>
    /// What was checked, as far as the broker knows it. 网号/网证: the authority's SM2-signed
    /// credential, whose signature the broker verified (<c>vcrypt</c>). The other way: name, ID
    /// number and phone checked together against the real-name records (<c>data</c>). Either:
    /// the authority's face comparison when there was one (<c>bvr</c>, biometric, remote).
    /// </summary>
    private static JsonObject Evidence(string path, bool faceChecked, string at)
    {
        var checks = new JsonArray(new JsonObject { ["check_method"] = path == "netid" ? "vcrypt" : "data" });
        if (faceChecked)
        {
            checks.Add(new JsonObject { ["check_method"] = "bvr" });
        }

        return new JsonObject { ["type"] = ElectronicRecord, ["check_details"] = checks, ["time"] = at };
    }
}
