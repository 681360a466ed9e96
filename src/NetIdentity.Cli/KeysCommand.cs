using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Keys;
using NetIdentity.Data.Keys;

namespace NetIdentity.Cli;

/// <summary>
/// <c>netidentity keys list|rotate|retire</c>: the token key runbooks of docs/operations.md, on
/// <see cref="KeyOperations"/>. Running broker instances follow within <c>Broker:Keys:RefreshInterval</c>.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "List, rotate and retire the broker's token keys (docs/operations.md).");

        var list = new Command("list", "Every key: kid, use, generation, state, and when it activates, retired and stops being published.");
        list.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, _) =>
        {
            Write(output, await (await OpenAsync(services, cancellationToken)).ListAsync(cancellationToken));
            return ExitCodes.Ok;
        }));

        var use = new Option<string?>("--use") { Description = "sig or enc; both when absent." };
        use.AcceptOnlyFromAmong(KeyUses.Signing, KeyUses.Encryption);
        var rotate = new Command("rotate", "Publish a new key now; it signs (or encrypts) after Broker:Keys:PublishAhead. Nothing when a next key already waits.") { use };
        rotate.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, _) =>
        {
            var operations = await OpenAsync(services, cancellationToken);
            string[] uses = parse.GetValue(use) is { } one ? [one] : [KeyUses.Signing, KeyUses.Encryption];
            var next = new List<KeyStatus>();
            foreach (var u in uses)
            {
                next.Add(await operations.RotateAsync(u, cancellationToken));
            }

            Write(output, next);
            return ExitCodes.Ok;
        }));

        var kid = new Argument<string>("kid") { Description = "The key to retire as compromised (see 'keys list')." };
        var retire = new Command("retire", "Retire a compromised key at once: out of the JWKS, what it protected refused, its private part erased.") { kid };
        retire.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, error) =>
        {
            var keyId = parse.GetRequiredValue(kid);
            var outcome = await (await OpenAsync(services, cancellationToken)).RetireCompromisedAsync(keyId, cancellationToken);
            switch (outcome)
            {
                case RetireOutcome.NotFound:
                    await error.WriteLineAsync($"No key has the id '{keyId}'. 'netidentity keys list' shows them.");
                    return ExitCodes.NotFound;
                case RetireOutcome.AlreadyCompromised:
                    await output.WriteLineAsync($"{keyId} was already retired as compromised.");
                    return ExitCodes.Ok;
                default:
                    await output.WriteLineAsync($"{keyId} retired as compromised. Running instances follow within Broker:Keys:RefreshInterval.");
                    return ExitCodes.Ok;
            }
        }));

        keys.Subcommands.Add(list);
        keys.Subcommands.Add(rotate);
        keys.Subcommands.Add(retire);
        return keys;
    }

    /// <summary>
    /// The key operations, with the key set loaded as a broker's start loads it (on a database no
    /// broker has used yet, that makes the first keys). The database must be migrated.
    /// </summary>
    private static async Task<KeyOperations> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<KeyRing>().LoadAsync(cancellationToken);
        return services.GetRequiredService<KeyOperations>();
    }

    private static void Write(TextWriter output, IEnumerable<KeyStatus> keys)
    {
        output.WriteLine("kid\tuse\tgeneration\tstate\tactivates_at\tretired_at\tpublished_until\tcompromised_at");
        foreach (var k in keys)
        {
            output.WriteLine(string.Join('\t',
                k.KeyId, k.Use, k.Generation.ToString(CultureInfo.InvariantCulture), k.State.ToString().ToLowerInvariant(),
                Time(k.ActivatesAt), Time(k.RetiredAt), Time(k.PublishedUntil), Time(k.CompromisedAt)));
        }
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "-";
}
