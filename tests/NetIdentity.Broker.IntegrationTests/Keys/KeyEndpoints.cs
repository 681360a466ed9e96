using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Keys;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>What a platform sees of the keys (JWKS, key archive), and the operator's commands.</summary>
internal static class KeyEndpoints
{
    public const string Jwks = "/.well-known/jwks";
    public const string Archive = "/.well-known/netidentity/key-archive";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<IReadOnlyList<string>> JwksKidsAsync(this BrokerHost broker)
    {
        var jwks = JsonDocument.Parse(await broker.CreateBrowser().GetStringAsync(new Uri(Jwks, UriKind.Relative), Ct));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    public static async Task<JsonElement> ArchiveAsync(this BrokerHost broker) =>
        JsonDocument.Parse(await broker.CreateBrowser().GetStringAsync(new Uri(Archive, UriKind.Relative), Ct)).RootElement.Clone();

    public static KeyOperations Operations(this BrokerHost broker) => broker.Services.GetRequiredService<KeyOperations>();

    /// <summary>The key of <paramref name="use"/> active on this instance now.</summary>
    public static async Task<string> ActiveKidAsync(this BrokerHost broker, string use) =>
        (await broker.Operations().ListAsync(Ct)).Single(k => k.Use == use && k.State == KeyState.Active).KeyId;

    /// <summary>The <c>kid</c> in a JWS's or JWE's header.</summary>
    public static string Kid(string token) => new JsonWebToken(token).Kid;

    /// <summary>A full key maintenance pass on this instance, as its timer would run it.</summary>
    public static Task MaintainAsync(this BrokerHost broker) =>
        broker.Services.GetRequiredService<KeyMaintenance>().RunOnceAsync(Ct);

    public static string Signing => KeyUses.Signing;

    public static string Encryption => KeyUses.Encryption;
}
