using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>Why a consent receipt was refused; <see cref="None"/> when it verified.</summary>
public enum ConsentReceiptFailure
{
    /// <summary>The receipt verified.</summary>
    None = 0,

    /// <summary>Not a JWT, not ES256, or its header is not <c>typ: consent-receipt+jwt</c> with a <c>kid</c>.</summary>
    Malformed,

    /// <summary>Neither the JWKS nor the key archive knows the key its <c>kid</c> names.</summary>
    UnknownKey,

    /// <summary>The signature, the issuer or the audience does not check.</summary>
    Invalid,

    /// <summary>Its <c>iat</c> lies outside the time the key signed (before its activation, after its retirement): forged.</summary>
    OutsideKeyWindow,

    /// <summary>The operator declared the key compromised: whoever held it could have signed this.</summary>
    CompromisedKey,
}

/// <summary>The outcome of <see cref="ConsentReceiptVerifier.VerifyAsync"/>: the receipt's claims only when it verified.</summary>
/// <param name="Failure">Why it was refused, or <see cref="ConsentReceiptFailure.None"/>.</param>
/// <param name="Receipt">The verified receipt (its <c>jti</c> is the consent's ledger id; <c>consent</c> holds the decision).</param>
public sealed record ConsentReceiptVerification(ConsentReceiptFailure Failure, JsonWebToken? Receipt)
{
    /// <summary>True when the receipt verified.</summary>
    public bool IsValid => Failure == ConsentReceiptFailure.None && Receipt is not null;
}

/// <summary>
/// Verifies NetIdentity consent receipts as docs/claims.md says: like an ID token, against the
/// broker's JWKS (ES256, header <c>typ: consent-receipt+jwt</c>, no expiry); a receipt whose key
/// has left the JWKS (keys rotate; receipts do not expire) against the broker's key archive
/// (<c>netid_key_archive_uri</c>), where its <c>iat</c> must lie in the key's signing window and
/// the key must not be compromised. Fails closed: anything unexpected is a refusal.
/// </summary>
public sealed class ConsentReceiptVerifier
{
    /// <summary>The receipt's JWT type (docs/claims.md).</summary>
    public const string ReceiptType = "consent-receipt+jwt";

    private readonly HttpClient _http;
    private readonly Uri _issuer;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A verifier for receipts issued by <paramref name="issuer"/>, fetching its keys with <paramref name="http"/>.</summary>
    /// <param name="http">The client that reaches the broker (the caller owns it).</param>
    /// <param name="issuer">The broker's issuer, as in the ID tokens (<c>iss</c>), ending in <c>/</c>.</param>
    public ConsentReceiptVerifier(HttpClient http, Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(issuer);
        _http = http;
        _issuer = issuer;
    }

    /// <summary>Verifies <paramref name="receipt"/>, issued to <paramref name="clientId"/>.</summary>
    /// <param name="receipt">The receipt (a JWT) from <c>netid_consent_receipts</c>.</param>
    /// <param name="clientId">The platform's client id: the receipt's audience.</param>
    /// <param name="cancellationToken">Cancels the key look-ups.</param>
    public async Task<ConsentReceiptVerification> VerifyAsync(string receipt, string clientId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(receipt);
        }
        catch (ArgumentException)
        {
            return new(ConsentReceiptFailure.Malformed, null);
        }

        if (token.Typ != ReceiptType || token.Alg != SecurityAlgorithms.EcdsaSha256 || string.IsNullOrEmpty(token.Kid))
        {
            return new(ConsentReceiptFailure.Malformed, null);
        }

        var discovery = await GetJsonAsync(new Uri(_issuer, ".well-known/openid-configuration"), cancellationToken);
        var jwks = new JsonWebKeySet(await _http.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!), cancellationToken));
        if (jwks.Keys.FirstOrDefault(k => k.Kid == token.Kid) is { } current)
        {
            return await ValidateAsync(receipt, clientId, current);
        }

        // Keys leave the JWKS a retention after their successor took over; the archive keeps them.
        if (!discovery.TryGetProperty("netid_key_archive_uri", out var archiveUri) || archiveUri.GetString() is not { } archive)
        {
            return new(ConsentReceiptFailure.UnknownKey, null);
        }

        using var response = await _http.GetAsync(new Uri(archive.TrimEnd('/') + "/" + Uri.EscapeDataString(token.Kid)), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new(ConsentReceiptFailure.UnknownKey, null);
        }

        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        using var archived = JsonDocument.Parse(json);
        var key = archived.RootElement;
        if (key.TryGetProperty("netid_status", out var status) && status.GetString() == "compromised")
        {
            return new(ConsentReceiptFailure.CompromisedKey, null);
        }

        var verified = await ValidateAsync(receipt, clientId, new JsonWebKey(json));
        if (!verified.IsValid)
        {
            return verified;
        }

        // The broker never signs outside a key's window, so a receipt dated outside it is forged.
        var issuedAt = verified.Receipt!.GetPayloadValue<long>("iat");
        var activated = key.TryGetProperty("netid_activated_at", out var from) ? from.GetInt64() : long.MaxValue;
        var retired = key.TryGetProperty("netid_retired_at", out var until) ? until.GetInt64() : long.MaxValue;
        return issuedAt >= activated && issuedAt <= retired ? verified : new(ConsentReceiptFailure.OutsideKeyWindow, null);
    }

    private async Task<ConsentReceiptVerification> ValidateAsync(string receipt, string clientId, SecurityKey key)
    {
        var result = await _handler.ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            ValidIssuer = _issuer.AbsoluteUri,
            ValidAudience = clientId,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [ReceiptType],
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        return result.IsValid && result.SecurityToken is JsonWebToken token && token.TryGetPayloadValue<long>("iat", out _)
            ? new(ConsentReceiptFailure.None, token)
            : new(ConsentReceiptFailure.Invalid, null);
    }

    private async Task<JsonElement> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(uri, cancellationToken));
        return document.RootElement.Clone();
    }
}
