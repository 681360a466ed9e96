using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace NetIdentity.Client;

/// <summary>The plaintext identity a platform registered with a legal basis received once, after separate consent.</summary>
/// <param name="Name">The full name.</param>
/// <param name="IdType">The ID type (<c>resident_id</c>).</param>
/// <param name="IdNumber">The ID number.</param>
public sealed record NetIdentityPlainIdentity(string Name, string IdType, string IdNumber)
{
    /// <summary>Never prints the values: a record's default <c>ToString</c> would put them in a log.</summary>
    public override string ToString() => nameof(NetIdentityPlainIdentity);
}

/// <summary>
/// A typed view of what NetIdentity released about the person (docs/claims.md), read from the
/// legacy claims (<c>netid_*</c>) and from <c>verified_claims</c> alike, so a platform reads the
/// same answer whichever it asked for. Each value fails closed: missing, malformed or
/// contradictory (two sources disagreeing) gives null.
/// </summary>
public sealed record NetIdentityUser
{
    /// <summary>The pairwise subject.</summary>
    public required string Subject { get; init; }

    /// <summary>True when NetIdentity verified the person (<see cref="ClaimsPrincipalExtensions.IsNetIdVerified"/>).</summary>
    public bool Verified { get; init; }

    /// <summary>When the person was verified.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>The assurance level (1–3), from <c>acr</c> or <c>verified_claims.verification.assurance_level</c>.</summary>
    public int? Level { get; init; }

    /// <summary>The trust framework stated in <c>verified_claims</c> (docs/claims.md), when there was one.</summary>
    public string? TrustFramework { get; init; }

    /// <summary><c>under_14</c>, <c>14_17</c> or <c>adult</c>, under <c>netid.age</c>.</summary>
    public string? AgeBand { get; init; }

    /// <summary>Age-over flags by age (<c>age_over_NN</c> / <c>netid_age_over_NN</c>), when released.</summary>
    public IReadOnlyDictionary<int, bool> AgeOver { get; init; } = new Dictionary<int, bool>();

    /// <summary>True for a minor (switch on the minors' mode); from <c>netid_minor</c>, or the age band.</summary>
    public bool? Minor { get; init; }

    /// <summary>For a child under 14: the guardian's pairwise subject for this platform.</summary>
    public string? GuardianSubject { get; init; }

    /// <summary>For a child under 14: when the guardian consented.</summary>
    public DateTimeOffset? GuardianConsentedAt { get; init; }

    /// <summary>The masked name, under <c>netid.masked</c>.</summary>
    public string? MaskedName { get; init; }

    /// <summary>The masked ID number, under <c>netid.masked</c>.</summary>
    public string? MaskedIdNumber { get; init; }

    /// <summary>
    /// The plaintext identity, only from the userinfo answer that carried it (once, after
    /// separate consent). Never read from the principal: the client keeps it out of the session.
    /// </summary>
    public NetIdentityPlainIdentity? Identity { get; init; }

    /// <summary>
    /// The person as <paramref name="principal"/> (the session, built from the ID token) and,
    /// at login, the userinfo answer <paramref name="userInfo"/> describe them; null when the
    /// principal has no subject.
    /// </summary>
    /// <param name="principal">The signed-in principal.</param>
    /// <param name="userInfo">The userinfo answer, e.g. in <c>OnUserInformationReceived</c>; the only source of plaintext.</param>
    public static NetIdentityUser? From(ClaimsPrincipal principal, JsonElement? userInfo = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var sources = new Sources(principal, userInfo is { ValueKind: JsonValueKind.Object } u ? u : null);
        if (sources.One(NetIdentityClaimTypes.Subject) is not { } subject)
        {
            return null;
        }

        var band = sources.One("netid_age_band", verified: true);
        var minor = sources.One("netid_minor", verified: true) switch
        {
            "true" => true,
            "false" => false,
            _ => band switch { "under_14" or "14_17" => true, "adult" => (bool?)false, _ => null },
        };
        return new NetIdentityUser
        {
            Subject = subject,
            Verified = principal.IsNetIdVerified() && sources.All(NetIdentityClaimTypes.Result).All(r => r == NetIdentityDefaults.PassResult),
            VerifiedAt = Seconds(sources.One(NetIdentityClaimTypes.VerifiedAt)) is { } at && sources.VerificationTime() is var time && (time is null || time == at) ? at : null,
            Level = sources.Level(),
            TrustFramework = sources.Verification("trust_framework"),
            AgeBand = band,
            AgeOver = sources.AgeOver(),
            Minor = minor,
            GuardianSubject = sources.One("netid_guardian_sub"),
            GuardianConsentedAt = Seconds(sources.One("netid_guardian_consented_at")),
            MaskedName = sources.One("netid_masked_name", verified: true),
            MaskedIdNumber = sources.One("netid_masked_id_number", verified: true),
            Identity = sources.Plaintext(),
        };
    }

    private static DateTimeOffset? Seconds(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Where values come from: the principal's claims, userinfo, and the <c>verified_claims</c> of both.</summary>
    private sealed class Sources
    {
        private readonly ClaimsPrincipal _principal;
        private readonly JsonElement? _userInfo;
        private readonly List<JsonElement> _statements = [];

        public Sources(ClaimsPrincipal principal, JsonElement? userInfo)
        {
            _principal = principal;
            _userInfo = userInfo;
            foreach (var claim in principal.FindAll("verified_claims"))
            {
                try
                {
                    using var document = JsonDocument.Parse(claim.Value);
                    AddStatements(document.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // A malformed statement states nothing.
                }
            }

            if (userInfo is { } u && u.TryGetProperty("verified_claims", out var fromUserInfo))
            {
                AddStatements(fromUserInfo);
            }
        }

        /// <summary>Every value of <paramref name="name"/>: principal, userinfo, and (when <paramref name="verified"/>) inside verified_claims.</summary>
        public List<string> All(string name, bool verified = false)
        {
            var values = _principal.FindAll(name).Select(c => c.Value).ToList();
            if (_userInfo is { } u && u.TryGetProperty(name, out var value) && Text(value) is { } text)
            {
                values.Add(text);
            }

            if (verified)
            {
                values.AddRange(_statements
                    .Select(s => s.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(name, out var v) ? Text(v) : null)
                    .OfType<string>());
            }

            return values;
        }

        /// <summary>The one value of <paramref name="name"/>, or null when absent or contradictory.</summary>
        public string? One(string name, bool verified = false) =>
            All(name, verified).Distinct(StringComparer.Ordinal).ToList() is [var single] ? single : null;

        public string? Verification(string element)
        {
            var values = _statements
                .Select(s => s.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object && v.TryGetProperty(element, out var e) ? Text(e) : null)
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return values is [var single] ? single : null;
        }

        public DateTimeOffset? VerificationTime() =>
            Verification("time") is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        public int? Level()
        {
            var values = All(NetIdentityClaimTypes.AuthenticationContext);
            if (Verification("assurance_level") is { } stated)
            {
                values.Add(stated);
            }

            return values.Distinct(StringComparer.Ordinal).ToList() is [var acr] && AssuranceLevels.TryParse(acr, out var level) ? level : null;
        }

        public Dictionary<int, bool> AgeOver()
        {
            var flags = new Dictionary<int, bool>();
            var names = _principal.Claims.Select(c => c.Type)
                .Concat(_userInfo is { } u ? u.EnumerateObject().Select(p => p.Name) : [])
                .Distinct(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var digits = name.StartsWith("netid_age_over_", StringComparison.Ordinal) ? name["netid_age_over_".Length..]
                    : name.StartsWith("age_over_", StringComparison.Ordinal) ? name["age_over_".Length..]
                    : null;
                if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && One(name, verified: true) is "true" or "false")
                {
                    flags[age] = One(name, verified: true) == "true";
                }
            }

            return flags;
        }

        /// <summary>Plaintext from userinfo only, top level or its verified_claims, all three fields agreeing.</summary>
        public NetIdentityPlainIdentity? Plaintext()
        {
            if (_userInfo is not { } u)
            {
                return null;
            }

            string? Field(string name)
            {
                var values = new List<string>();
                if (u.TryGetProperty(name, out var top) && Text(top) is { } t)
                {
                    values.Add(t);
                }

                if (u.TryGetProperty("verified_claims", out var vc))
                {
                    values.AddRange(Statements(vc)
                        .Select(s => s.TryGetProperty("claims", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty(name, out var v) ? Text(v) : null)
                        .OfType<string>());
                }

                return values.Distinct(StringComparer.Ordinal).ToList() is [var single] ? single : null;
            }

            return Field("netid_name") is { } name && Field("netid_id_type") is { } type && Field("netid_id_number") is { } number
                ? new NetIdentityPlainIdentity(name, type, number)
                : null;
        }

        private void AddStatements(JsonElement verifiedClaims) => _statements.AddRange(Statements(verifiedClaims));

        private static List<JsonElement> Statements(JsonElement verifiedClaims) => verifiedClaims.ValueKind switch
        {
            JsonValueKind.Object => [verifiedClaims],
            JsonValueKind.Array => [.. verifiedClaims.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)],
            _ => [],
        };

        private static string? Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
