using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>Builds authority answers exactly as authority-contract §1.2 describes them.</summary>
internal static class SignedAnswer
{
    /// <summary>
    /// <c>{ payload, signature, kid }</c>: payload is base64url without padding of the UTF-8 JSON;
    /// signature is base64 (padded) of the DER SM2-SM3 signature over the decoded payload bytes.
    /// </summary>
    public static string Create(JsonObject payload, Sm2PrivateKey signer, string kid = TestKeys.SigningKeyId) =>
        Create(Utf8(payload), signer, kid);

    public static string Create(byte[] payloadBytes, Sm2PrivateKey signer, string kid = TestKeys.SigningKeyId) =>
        Envelope(Base64Url.EncodeToString(payloadBytes), Convert.ToBase64String(signer.Sign(payloadBytes)), kid);

    /// <summary>The outer object with the given parts verbatim, for answers broken on purpose.</summary>
    public static string Envelope(string payload, string signature, string kid) =>
        new JsonObject { ["payload"] = payload, ["signature"] = signature, ["kid"] = kid }.ToJsonString();

    public static byte[] Utf8(JsonObject payload) => JsonSerializer.SerializeToUtf8Bytes(payload);
}
