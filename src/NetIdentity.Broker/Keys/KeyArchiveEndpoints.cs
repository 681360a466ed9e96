using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// The key archive (docs/claims.md, "Verifying a consent receipt later"; docs/events.md): every
/// signing key the broker ever had, as a JWK Set, each key with its state and the window in
/// which it signed — so a consent receipt or a security event verifies years after its key left
/// the JWKS. Public parts only: each JWK is rebuilt from the stored public JWK's public members.
/// </summary>
public static class KeyArchiveEndpoints
{
    public const string Path = "/.well-known/netidentity/key-archive";

    /// <summary>Short: a key declared compromised must show as such soon.</summary>
    public const string CacheControl = "public, max-age=300";

    private static readonly string[] PublicMembers = ["kty", "crv", "x", "y", "kid", "use", "alg"];

    public static IEndpointRouteBuilder MapKeyArchive(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, AllAsync);
        endpoints.MapGet(Path + "/{kid}", OneAsync);
        return endpoints;
    }

    private static async Task<IResult> AllAsync(HttpContext context, KeyOperations operations, IKeyMaterialStore store)
    {
        var statuses = await operations.ListAsync(context.RequestAborted);
        var rows = await store.GetAllAsync(KeyUses.Signing, context.RequestAborted);
        var keys = new JsonArray();
        foreach (var row in rows.Where(r => r.PublicJwk is not null))
        {
            keys.Add(Jwk(row, statuses.First(s => s.KeyId == row.KeyId)));
        }

        context.Response.Headers.CacheControl = CacheControl;
        return Results.Content(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/jwk-set+json");
    }

    private static async Task<IResult> OneAsync(string kid, HttpContext context, KeyOperations operations, IKeyMaterialStore store)
    {
        var row = await store.FindAsync(kid, context.RequestAborted);
        if (row is not { Use: KeyUses.Signing, PublicJwk: not null })
        {
            return Results.NotFound();
        }

        var status = (await operations.ListAsync(context.RequestAborted)).First(s => s.KeyId == row.KeyId);
        context.Response.Headers.CacheControl = CacheControl;
        return Results.Content(Jwk(row, status).ToJsonString(), "application/jwk+json");
    }

    private static JsonObject Jwk(KeyMaterial row, KeyStatus status)
    {
        var stored = JsonNode.Parse(row.PublicJwk!)!.AsObject();
        var jwk = new JsonObject();
        foreach (var member in PublicMembers)
        {
            if (stored[member] is { } value)
            {
                jwk[member] = value.GetValue<string>();
            }
        }

        jwk["netid_status"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(status.State.ToString());
        jwk["netid_activated_at"] = status.ActivatesAt.ToUnixTimeSeconds();
        if (status.RetiredAt is { } retired)
        {
            jwk["netid_retired_at"] = retired.ToUnixTimeSeconds();
        }

        if (status.CompromisedAt is { } compromised)
        {
            jwk["netid_compromised_at"] = compromised.ToUnixTimeSeconds();
        }

        return jwk;
    }
}
