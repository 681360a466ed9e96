using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Keys;

/// <summary><c>GET /v1/keys</c> (contract §2): the public halves, unsigned, for a tester to compare with the pinned ones.</summary>
internal static class KeysEndpoint
{
    public static void MapKeys(this IEndpointRouteBuilder v1) =>
        v1.MapGet("/keys", (AuthorityKeys keys) => TypedResults.Json(Describe(keys), WireJson.Options));

    internal static KeySet Describe(AuthorityKeys keys) => new(
    [
        new PublishedKey(keys.SigningKeyId, "sig", "SM2-SM3", "1234567812345678", keys.Signing.PublicKey.ExportPem()),
        new PublishedKey(keys.EncryptionKeyId, "enc", "SM2-ENVELOPE", null, keys.Encryption.PublicKey.ExportPem()),
    ]);

    internal sealed record KeySet(IReadOnlyList<PublishedKey> Keys);

    internal sealed record PublishedKey(string Kid, string Use, string Alg, string? DistinguishingId, string PublicKeyPem);
}
