using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Broker.Events;

/// <summary>
/// Writes Security Event Tokens (RFC 8417): a JWS with <c>typ: secevent+jwt</c> and exactly the
/// claims <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>jti</c> and <c>events</c> (and <c>sub_id</c> on
/// an SSF stream). No <c>exp</c>: a SET records that something happened (RFC 8417 §2.2), and a
/// retry days later is still true. No <c>sub</c> at the top level: the subject is inside the event
/// (RFC 8417 §2.2, RFC 9493). The outbox keeps the claims without <c>iat</c>: each delivery
/// attempt (push or poll) signs them with <c>iat</c> set to that moment and the same <c>jti</c>,
/// as logout tokens are (<see cref="LogoutToken"/>), so a receiver can refuse an old SET as a
/// replay without refusing a late retry. When the event happened is in the event itself
/// (<c>withdrawn_at</c>, <c>event_timestamp</c>).
/// </summary>
internal static class SecurityEventToken
{
    // A handler writes nothing it was not given: no default iat/nbf/exp.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A fresh <c>jti</c>: 128 random bits, base64url.</summary>
    public static string NewId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The claims of the SET for a consent withdrawal, as JSON without <c>iat</c>: what the outbox
    /// keeps. It is signed when sent (<see cref="ForSending"/>), with the key active then and a
    /// fresh <c>iat</c>, so an event queued before a key rotation (or waiting while a platform is
    /// down) never goes out signed with a retired key, nor with the <c>iat</c> of its first attempt.
    /// </summary>
    public static string ConsentWithdrawn(
        string jti, Uri issuer, string audience, DateTimeOffset withdrawnAt,
        string subject, IReadOnlyList<string> scopes, string consentId)
    {
        var iss = issuer.AbsoluteUri;
        var payload = Json(writer =>
        {
            writer.WriteString("iss", iss);
            writer.WriteString("aud", audience);
            writer.WriteString("jti", jti);
            writer.WriteStartObject("events");
            writer.WriteStartObject(SecurityEvents.ConsentWithdrawn);
            writer.WriteStartObject("subject");
            writer.WriteString("format", SecurityEvents.IssuerSubjectFormat);
            writer.WriteString("iss", iss);
            writer.WriteString("sub", subject);
            writer.WriteEndObject();
            writer.WriteStartArray("scopes");
            foreach (var scope in scopes)
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
            writer.WriteString("consent_id", consentId);
            writer.WriteNumber("withdrawn_at", withdrawnAt.ToUnixTimeSeconds());
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

        return payload;
    }

    /// <summary>
    /// The consent-withdrawn SET on an SSF stream: the event exactly as above, and the subject also
    /// as the top-level <c>sub_id</c> claim (SSF 1.0 §4.1 profiling RFC 9493 §4), where an SSF receiver looks for it.
    /// </summary>
    public static string ConsentWithdrawnOnStream(
        string jti, Uri issuer, string audience, DateTimeOffset withdrawnAt,
        string subject, IReadOnlyList<string> scopes, string consentId) =>
        AddSubjectId(ConsentWithdrawn(jti, issuer, audience, withdrawnAt, subject, scopes, consentId), issuer, subject);

    /// <summary>
    /// A CAEP 1.0 <c>session-revoked</c> SET (CAEP 1.0 §3.1): the person's sessions and tokens at
    /// the platform are revoked. The subject is the top-level <c>sub_id</c> (<c>iss_sub</c>, the
    /// pairwise <c>sub</c>); <c>event_timestamp</c> is when (CAEP 1.0 §2), and the person did it
    /// (<c>initiating_entity: user</c>).
    /// </summary>
    public static string SessionRevoked(string jti, Uri issuer, string audience, DateTimeOffset revokedAt, string subject) =>
        Json(writer =>
        {
            Header(writer, jti, issuer.AbsoluteUri, audience);
            IssuerSubject(writer, "sub_id", issuer.AbsoluteUri, subject);
            writer.WriteStartObject("events");
            writer.WriteStartObject(Ssf.SharedSignals.SessionRevoked);
            writer.WriteNumber("event_timestamp", revokedAt.ToUnixTimeSeconds());
            writer.WriteString("initiating_entity", "user");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>
    /// A verification SET (SSF 1.0 §8.1.4.1): <c>sub_id</c> is the stream, in the opaque format,
    /// and the event carries the receiver's <c>state</c> when it gave one.
    /// </summary>
    public static string Verification(string jti, Uri issuer, string audience, string streamId, string? state) =>
        Json(writer =>
        {
            Header(writer, jti, issuer.AbsoluteUri, audience);
            writer.WriteStartObject("sub_id");
            writer.WriteString("format", Ssf.SharedSignals.OpaqueFormat);
            writer.WriteString("id", streamId);
            writer.WriteEndObject();
            writer.WriteStartObject("events");
            writer.WriteStartObject(Ssf.SharedSignals.Verification);
            if (state is not null)
            {
                writer.WriteString("state", state);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>Signs a SET's claims (JSON) as a compact JWS.</summary>
    public static string Sign(SigningCredentials signing, string claims) =>

        // Explicit typing (RFC 8417 §2.3, RFC 8725 §3.11): a SET can never pass for an ID token.
        Handler.CreateToken(claims, signing, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = SecurityEvents.TokenType });

    /// <summary>
    /// What goes on the wire for an outbox payload at <paramref name="now"/>: its claims with
    /// <c>iat</c> set to now (replacing the one a payload queued before this version kept) and
    /// signed with the key active now; a payload queued already signed (before events were signed
    /// when sent) goes as it is.
    /// </summary>
    public static string ForSending(IActiveSigningKey keys, string payload, DateTimeOffset now) =>
        payload.StartsWith('{') ? Sign(keys.ActiveSigning, WithIssuedAt(payload, now)) : payload;

    /// <summary>The claims with <c>iat</c> = <paramref name="now"/>, after <c>aud</c>; the rest unchanged and in order.</summary>
    internal static string WithIssuedAt(string claims, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(claims);
        return Json(writer =>
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("iat"))
                {
                    continue;
                }

                property.WriteTo(writer);
                if (property.NameEquals("aud"))
                {
                    writer.WriteNumber("iat", now.ToUnixTimeSeconds());
                }
            }
        });
    }

    private static void Header(Utf8JsonWriter writer, string jti, string iss, string audience)
    {
        writer.WriteString("iss", iss);
        writer.WriteString("aud", audience);
        writer.WriteString("jti", jti);
    }

    private static void IssuerSubject(Utf8JsonWriter writer, string member, string iss, string subject)
    {
        writer.WriteStartObject(member);
        writer.WriteString("format", SecurityEvents.IssuerSubjectFormat);
        writer.WriteString("iss", iss);
        writer.WriteString("sub", subject);
        writer.WriteEndObject();
    }

    /// <summary>The claims with a top-level <c>sub_id</c> added after <c>jti</c>, the rest unchanged.</summary>
    private static string AddSubjectId(string claims, Uri issuer, string subject)
    {
        using var document = JsonDocument.Parse(claims);
        return Json(writer =>
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
                if (property.NameEquals("jti"))
                {
                    IssuerSubject(writer, "sub_id", issuer.AbsoluteUri, subject);
                }
            }
        });
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
