using System.Text.Json;

namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// What of the userinfo answer the forum keeps in its session cookie, to show it on <c>/me</c>:
/// every claim in the order sent, except that
/// <list type="bullet">
/// <item>the plaintext identity (<c>netid_name</c>, <c>netid_id_type</c>, <c>netid_id_number</c>)
/// keeps its name and loses its value (<c>null</c>): the value lives only in the kept-data store,
/// which a consent withdrawal empties, so a withdrawal also takes it off <c>/me</c>; a cookie is
/// beyond the forum's reach once issued (PIPL Art. 47);</item>
/// <item><c>netid_consent_receipts</c> keeps a summary of each receipt (<c>jti</c>, items,
/// decision, <c>iat</c>) instead of the signed JWTs, which the kept-data store holds;</item>
/// <item><c>verified_claims</c> (OpenID Connect for Identity Assurance) keeps its verification,
/// and the plaintext identity inside its <c>claims</c> is nulled as above.</item>
/// </list>
/// </summary>
internal static class SessionUserInfo
{
    /// <summary>The userinfo answer (<paramref name="userInfo"/>) as the session keeps it.</summary>
    public static string From(JsonElement userInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (userInfo.ValueKind != JsonValueKind.Object)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                Write(writer, userInfo);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// <paramref name="json"/> as the session keeps it; unchanged when it already is, so a session
    /// issued before the forum kept plaintext out of it can be recognised and scrubbed. Null for
    /// anything that is not a JSON object.
    /// </summary>
    public static string? Scrub(string? json)
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
                return null;
            }

            return IsScrubbed(document.RootElement) ? json : From(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private const string VerifiedClaims = "verified_claims";

    private static bool IsScrubbed(JsonElement userInfo) =>
        userInfo.EnumerateObject().All(property =>
            ConsentScopes.IsPlaintext(property.Name) ? property.Value.ValueKind == JsonValueKind.Null
            : property.Name == VerifiedClaims ? Statements(property.Value).All(IsScrubbedStatement)
            : property.Name != ConsentScopes.ReceiptsClaim
              || (property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)));

    private static List<JsonElement> Statements(JsonElement verifiedClaims) =>
        verifiedClaims.ValueKind == JsonValueKind.Array ? [.. verifiedClaims.EnumerateArray()] : [verifiedClaims];

    private static bool IsScrubbedStatement(JsonElement statement) =>
        statement.ValueKind != JsonValueKind.Object
        || !statement.TryGetProperty("claims", out var claims)
        || claims.ValueKind != JsonValueKind.Object
        || claims.EnumerateObject().All(c => !ConsentScopes.IsPlaintext(c.Name) || c.Value.ValueKind == JsonValueKind.Null);

    /// <summary>A <c>verified_claims</c> statement with the plaintext in its <c>claims</c> nulled.</summary>
    private static void WriteStatement(Utf8JsonWriter writer, JsonElement statement)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            statement.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var member in statement.EnumerateObject())
        {
            if (member.Name == "claims" && member.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject(member.Name);
                foreach (var claim in member.Value.EnumerateObject())
                {
                    if (ConsentScopes.IsPlaintext(claim.Name))
                    {
                        writer.WriteNull(claim.Name);
                    }
                    else
                    {
                        claim.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement userInfo)
    {
        writer.WriteStartObject();
        foreach (var property in userInfo.EnumerateObject())
        {
            if (ConsentScopes.IsPlaintext(property.Name))
            {
                writer.WriteNull(property.Name);
            }
            else if (property.Name == VerifiedClaims)
            {
                writer.WritePropertyName(property.Name);
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    writer.WriteStartArray();
                    foreach (var statement in property.Value.EnumerateArray())
                    {
                        WriteStatement(writer, statement);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    WriteStatement(writer, property.Value);
                }
            }
            else if (property.Name == ConsentScopes.ReceiptsClaim)
            {
                writer.WritePropertyName(property.Name);
                JsonSerializer.Serialize(writer, ReceiptSummary.From(property.Value));
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
