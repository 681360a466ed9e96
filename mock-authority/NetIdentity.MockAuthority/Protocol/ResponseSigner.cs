using System.Buffers.Text;
using System.Text.Json;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Keys;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>The signed envelope of contract §1.2, exactly as it goes on the wire.</summary>
internal sealed record SignedEnvelope(string Payload, string Signature, string Kid)
{
    public IResult ToResult(int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(this, WireJson.Options, statusCode: statusCode);
}

/// <summary>Signs result payloads with the authority's key (contract §1.2).</summary>
internal sealed class ResponseSigner(AuthorityKeys keys)
{
    /// <summary>
    /// Serialises <paramref name="payload"/>, then signs the bytes that the base64url
    /// <c>payload</c> decodes to. <paramref name="key"/> replaces the genuine key only for the
    /// <c>bad-signature</c> persona; the <c>kid</c> stays the genuine one.
    /// </summary>
    public SignedEnvelope Sign<T>(T payload, Sm2PrivateKey? key = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, WireJson.Options);
        var signature = (key ?? keys.Signing).Sign(bytes);
        return new SignedEnvelope(Base64Url.EncodeToString(bytes), Convert.ToBase64String(signature), keys.SigningKeyId);
    }
}
