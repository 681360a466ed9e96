using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.DemoPlatform.IntegrationTests.Events;

/// <summary>Tokens an attacker makes from one the broker signed: same header and claims, another <c>alg</c>.</summary>
internal static class Forged
{
    /// <summary>
    /// <paramref name="token"/> re-signed with <paramref name="algorithm"/>: <c>none</c> (no
    /// signature), or <c>HS256</c> keyed with the broker's public key's bytes — the classic
    /// algorithm-confusion attack (RFC 8725 §2.1).
    /// </summary>
    public static string WithAlgorithm(string token, string algorithm)
    {
        var parts = token.Split('.');
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(WebEncoders.Base64UrlDecode(parts[0]))!
            .ToDictionary(pair => pair.Key, pair => (object)pair.Value);
        header["alg"] = algorithm;
        var input = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + parts[1];
        if (algorithm == "none")
        {
            return input + ".";
        }

        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes("the broker's public key, as an HMAC secret"), Encoding.ASCII.GetBytes(input));
        return input + "." + WebEncoders.Base64UrlEncode(signature);
    }
}
