using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// Where a DPoP key thumbprint lives: in access and refresh tokens as the confirmation claim
/// <c>cnf</c> with <c>jkt</c> (RFC 9449 §6.1, RFC 7800), in an authorization code as the
/// <c>dpop_jkt</c> the platform named at PAR or authorize (§10), and, for one request, in the
/// OpenIddict transaction once the proof passed.
/// </summary>
public static class DpopBinding
{
    public const string Confirmation = "cnf";

    /// <summary>
    /// Where <see cref="ReadDpopConfirmation"/> puts the <c>jkt</c> of a validated token: OpenIddict 7
    /// knows only certificate-bound <c>cnf</c> (<c>x5t#S256</c>, RFC 8705) and refuses any other.
    /// </summary>
    public const string ValidatedThumbprint = "netid_dpop_jkt";

    /// <summary>The authorization request parameter (RFC 9449 §10) and the code claim that keeps it.</summary>
    public const string RequestedKey = "dpop_jkt";

    /// <summary>The <c>token_type</c> of a DPoP-bound access token (RFC 9449 §5).</summary>
    public const string TokenType = "DPoP";

    private const string ProofKey = "netidentity:dpop.jkt";
    private const string SchemeKey = "netidentity:dpop.scheme";

    /// <summary>The thumbprint a validated token is bound to; null when it is a bearer token.</summary>
    public static string? ThumbprintOf(ClaimsPrincipal? principal) => principal?.GetClaim(ValidatedThumbprint);

    /// <summary>
    /// The <c>jkt</c> of a <c>cnf</c> claim: null when there is no <c>cnf</c> or it is not a DPoP
    /// confirmation; empty when it is malformed (bound to something, so never usable as bearer).
    /// </summary>
    public static string? JktOf(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return string.Empty;
            }

            return document.RootElement.TryGetProperty("jkt", out var jkt)
                ? jkt.ValueKind == JsonValueKind.String ? jkt.GetString() : string.Empty
                : null;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>Replaces any confirmation on <paramref name="principal"/> with <paramref name="thumbprint"/>, or removes it.</summary>
    public static void Bind(ClaimsPrincipal? principal, string? thumbprint)
    {
        if (principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        identity.RemoveClaims(Confirmation);
        identity.RemoveClaims(ValidatedThumbprint);
        if (thumbprint is not null)
        {
            identity.AddClaim(new Claim(Confirmation, JsonSerializer.Serialize(new { jkt = thumbprint }), "JSON"));
        }
    }

    /// <summary>Whether <paramref name="value"/> can be an RFC 7638 SHA-256 thumbprint: 43 base64url characters.</summary>
    public static bool IsThumbprint(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static void RememberProof(OpenIddictServerTransaction transaction, string thumbprint) =>
        transaction.Properties[ProofKey] = thumbprint;

    public static string? ProvenThumbprint(OpenIddictServerTransaction transaction) =>
        transaction.Properties.TryGetValue(ProofKey, out var value) ? value as string : null;

    public static void RememberScheme(OpenIddictServerTransaction transaction) =>
        transaction.Properties[SchemeKey] = true;

    public static bool UsedScheme(OpenIddictServerTransaction transaction) =>
        transaction.Properties.ContainsKey(SchemeKey);
}
