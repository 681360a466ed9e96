using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetIdentity.Core.Disclosure;

/// <summary>
/// One request for <c>verified_claims</c> in the <c>claims</c> parameter (OpenID Connect for
/// Identity Assurance 1.0 §5, "Requesting Verified Claims"): which claims the platform wants
/// inside it, which elements of <c>verification</c> besides <c>trust_framework</c>, and the
/// values it accepts for <c>trust_framework</c> and <c>assurance_level</c> (<c>value</c> /
/// <c>values</c>, as OIDC Core §5.5.1 defines them for individual claims).
/// </summary>
public sealed record VerifiedClaimsRequest(
    IReadOnlySet<string> Claims,
    IReadOnlySet<string> Verification,
    IReadOnlyList<string>? TrustFrameworks,
    IReadOnlyList<string>? AssuranceLevels);

/// <summary>
/// The <c>verified_claims</c> member of one target (<c>id_token</c> or <c>userinfo</c>) of the
/// <c>claims</c> parameter: one request, or several (IDA allows an array); the answer has the
/// same shape.
/// </summary>
public sealed record VerifiedClaimsRequests(IReadOnlyList<VerifiedClaimsRequest> Items, bool IsArray, string Json)
{
    /// <summary>Reads a stored <see cref="Json"/> again; null if it no longer parses (fail closed: no verified_claims).</summary>
    public static VerifiedClaimsRequests? FromJson(string json)
    {
        try
        {
            return ClaimsParameter.ReadVerifiedClaims(JsonNode.Parse(json, documentOptions: ClaimsParameter.Limits));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The <c>claims</c> request parameter (OIDC Core §5.5) as far as NetIdentity acts on it: the
/// <c>verified_claims</c> requests for the ID token and for userinfo. Every other claim follows
/// the scopes (docs/claims.md), whatever this parameter asks. A value that is not what §5.5 and
/// IDA §5 describe is refused as a whole (<c>NI2010</c>); a claim NetIdentity does not know is
/// ignored (OIDC Core §5.5: the OP may not return what it does not support).
/// </summary>
public sealed record ClaimsParameter(VerifiedClaimsRequests? IdToken, VerifiedClaimsRequests? UserInfo)
{
    /// <summary>The most a request may nest: enough for IDA's evidence requests, no more.</summary>
    internal static readonly JsonDocumentOptions Limits = new() { MaxDepth = 16 };

    private static readonly string[] ConstrainedElements = ["trust_framework", "assurance_level"];

    /// <summary>
    /// Parses the parameter; false with a short reason (for logs, never plaintext) when malformed.
    /// An absent parameter parses as no request.
    /// </summary>
    public static bool TryParse(string? value, out ClaimsParameter? parameter, out string? reason)
    {
        parameter = null;
        reason = null;
        if (string.IsNullOrEmpty(value))
        {
            parameter = new ClaimsParameter(null, null);
            return true;
        }

        try
        {
            if (JsonNode.Parse(value, documentOptions: Limits) is not JsonObject root)
            {
                reason = "the claims parameter is not a JSON object";
                return false;
            }

            parameter = new ClaimsParameter(Target(root, "id_token"), Target(root, "userinfo"));
            return true;
        }
        catch (JsonException)
        {
            reason = "the claims parameter is not valid JSON";
            return false;
        }
        catch (FormatException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static VerifiedClaimsRequests? Target(JsonObject root, string name)
    {
        if (!root.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject target)
        {
            throw new FormatException($"'{name}' is not a JSON object");
        }

        // OIDC Core §5.5.1: each requested claim is null or a JSON object.
        foreach (var (claim, request) in target)
        {
            if (claim != VerifiedClaims.ClaimType && request is not (null or JsonObject))
            {
                throw new FormatException($"a requested claim in '{name}' is neither null nor a JSON object");
            }
        }

        return target.TryGetPropertyValue(VerifiedClaims.ClaimType, out var verified) ? ReadVerifiedClaims(verified) : null;
    }

    internal static VerifiedClaimsRequests ReadVerifiedClaims(JsonNode? node) => node switch
    {
        JsonObject single => new([Read(single)], IsArray: false, single.ToJsonString()),
        JsonArray { Count: > 0 } many => new([.. many.Select(item => item is JsonObject o ? Read(o) : throw new FormatException("a 'verified_claims' request in the array is not a JSON object"))], IsArray: true, many.ToJsonString()),
        _ => throw new FormatException("'verified_claims' is neither a JSON object nor a non-empty array of them"),
    };

    private static VerifiedClaimsRequest Read(JsonObject request)
    {
        // IDA §5: the claims sub-element names the claims wanted; an empty one asks for nothing.
        if (!request.TryGetPropertyValue("claims", out var claimsNode) || claimsNode is not JsonObject { Count: > 0 } claims)
        {
            throw new FormatException("a 'verified_claims' request has no non-empty 'claims' object");
        }

        foreach (var (_, value) in claims)
        {
            if (value is not (null or JsonObject))
            {
                throw new FormatException("a claim in 'verified_claims.claims' is neither null nor a JSON object");
            }
        }

        var elements = new HashSet<string>(StringComparer.Ordinal);
        var constraints = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (request.TryGetPropertyValue("verification", out var verificationNode) && verificationNode is not null)
        {
            if (verificationNode is not JsonObject verification)
            {
                throw new FormatException("'verified_claims.verification' is not a JSON object");
            }

            foreach (var (element, value) in verification)
            {
                if (value is not (null or JsonObject or JsonArray))
                {
                    throw new FormatException("an element of 'verified_claims.verification' is neither null, an object nor an array");
                }

                elements.Add(element);
                if (ConstrainedElements.Contains(element) && value is JsonObject constraint && Values(constraint) is { } values)
                {
                    constraints[element] = values;
                }
            }
        }

        return new VerifiedClaimsRequest(
            claims.Select(c => c.Key).ToHashSet(StringComparer.Ordinal),
            elements,
            constraints.GetValueOrDefault("trust_framework"),
            constraints.GetValueOrDefault("assurance_level"));
    }

    /// <summary>OIDC Core §5.5.1: <c>value</c> (one string) or <c>values</c> (an array of strings); null when neither.</summary>
    private static string[]? Values(JsonObject constraint)
    {
        if (constraint.TryGetPropertyValue("value", out var value) && value is not null)
        {
            return value is JsonValue v && v.TryGetValue<string>(out var s)
                ? [s]
                : throw new FormatException("a 'value' constraint is not a string");
        }

        if (constraint.TryGetPropertyValue("values", out var values) && values is not null)
        {
            return values is JsonArray array && array.All(e => e is JsonValue ev && ev.TryGetValue<string>(out _))
                ? [.. array.Select(e => e!.GetValue<string>())]
                : throw new FormatException("a 'values' constraint is not an array of strings");
        }

        return null;
    }
}
