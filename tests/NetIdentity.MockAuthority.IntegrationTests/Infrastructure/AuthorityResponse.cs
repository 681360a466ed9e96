using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using NetIdentity.Cryptography;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>An answer of the mock, read the way a careful caller reads it (contract §1.2, §8).</summary>
internal sealed class AuthorityResponse(HttpStatusCode status, string? mediaType, string body)
{
    public HttpStatusCode Status { get; } = status;

    public string? MediaType { get; } = mediaType;

    public string Body { get; } = body;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The problem document's <c>code</c> (contract §1.3); fails unless this is problem+json.</summary>
    public string Code
    {
        get
        {
            Assert.Equal("application/problem+json", MediaType);
            return Json.GetProperty("code").GetString()!;
        }
    }

    public byte[] PayloadBytes
    {
        get
        {
            Assert.True(Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("payload", out _), $"Not a signed envelope: {this}");
            return Base64Url.DecodeFromChars(Json.GetProperty("payload").GetString());
        }
    }

    /// <summary>Whether the envelope's signature verifies with <paramref name="key"/> (the published key by default).</summary>
    public bool SignatureVerifies(Sm2PublicKey? key = null) =>
        Json.GetProperty("kid").GetString() == TestKeys.SigningKeyId
        && (key ?? TestKeys.SigningKey).Verify(PayloadBytes, Convert.FromBase64String(Json.GetProperty("signature").GetString()!));

    /// <summary>The payload, after its signature was checked: what a caller may trust.</summary>
    public JsonElement Payload
    {
        get
        {
            Assert.True(SignatureVerifies(), $"The response signature does not verify: {Body}");
            return JsonDocument.Parse(PayloadBytes).RootElement;
        }
    }

    /// <summary>Asserts the status and the problem code together, with the body on failure.</summary>
    public void AssertProblem(HttpStatusCode status, string code)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal(code, Code);
    }

    public void AssertStatus(HttpStatusCode status) =>
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Body}");

    public override string ToString() => $"{(int)Status} {Body}";
}
