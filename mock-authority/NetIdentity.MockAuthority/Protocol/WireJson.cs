using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>
/// The JSON of the wire (contract §1): camelCase, absent rather than null, times in RFC 3339 UTC
/// with whole seconds. Reading is strict: a missing required member, a null where none is
/// allowed or a wrong type throws <see cref="JsonException"/>, which becomes A0400001.
/// </summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the wire settings to <paramref name="options"/> (also used for the HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;

        // Responses are application/json, never HTML: no need to escape '+' or CJK, which keeps
        // base64 and names readable for shell tools (docs/examples/mock-authority-walkthrough.sh).
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }

    /// <summary>RFC 3339 with an explicit offset on input; <c>yyyy-MM-ddTHH:mm:ssZ</c> on output.</summary>
    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            var hasOffset = text is { Length: > 19 } && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-');
            if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw new JsonException("A timestamp must be RFC 3339 with an offset.");
            }

            return value.ToUniversalTime();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
