using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>
/// A well-behaved authority on WireMock: each path of the contract answers its request with a
/// correctly signed payload that echoes the request's bizSeq or requestId. A test may alter each
/// payload before it is signed, to break one thing at a time.
/// </summary>
internal static class ContractAuthority
{
    public static void Install(AuthorityHarness harness, Action<string, JsonObject>? alter = null, Sm2PrivateKey? signer = null)
    {
        signer ??= harness.Keys.AuthoritySigning;
        Register(harness, Paths.Sessions, 201, body => Payloads.Session(Text(body, "bizSeq"), Text(body, "mode")), alter, signer);
        Register(harness, Paths.Credentials, 200, body => Payloads.Credential(Text(body, "bizSeq")), alter, signer);
        Register(harness, Paths.Identity, 200, body => Payloads.Identity(SealIdentity(harness.Keys, Text(body, "bizSeq")), Text(body, "bizSeq")), alter, signer);
        Register(harness, Paths.Guardianships, 200, body => Payloads.Guardianship(Text(body, "requestId")), alter, signer);
        Register(harness, Paths.RealName, 200, body => Payloads.RealName(Text(body, "requestId"), "otp_sent"), alter, signer);
        Register(harness, Paths.RealNameOtp, 200, body => Payloads.RealName(Text(body, "requestId"), "verified"), alter, signer);
        Register(harness, Paths.RealNameFace, 200, body => Payloads.RealName(Text(body, "requestId"), "face_match"), alter, signer);
    }

    /// <summary>A plaintext identity sealed to the organisation, associated data the bizSeq (contract §4).</summary>
    public static string SealIdentity(TestKeys keys, string bizSeq)
    {
        var identity = Encoding.UTF8.GetBytes($$"""{"name":"{{Sample.Name}}","idType":"{{Sample.IdType}}","idNumber":"{{Sample.IdNumber}}"}""");
        return Base64Url.EncodeToString(Sm2Envelope.Seal(keys.Organisation.PublicKey, identity, Encoding.ASCII.GetBytes(bizSeq)));
    }

    private static void Register(AuthorityHarness harness, string path, int status, Func<JsonElement, JsonObject> build, Action<string, JsonObject>? alter, Sm2PrivateKey signer) =>
        harness.AnswerFromRequest(path, status, body =>
        {
            var payload = build(body);
            alter?.Invoke(path, payload);
            return SignedAnswer.Create(payload, signer);
        });

    private static string Text(JsonElement body, string name) => body.GetProperty(name).GetString()!;
}
