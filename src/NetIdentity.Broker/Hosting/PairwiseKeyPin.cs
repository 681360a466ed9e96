using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NetIdentity.Data.Settings;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Refuses to start with a pairwise subject key other than the one this database was first started
/// with, unless the operator names the new key's fingerprint in
/// <c>Broker:AcceptPairwiseSubjectKeyFingerprint</c> (issue 9 §3). A new key gives every person a
/// new <c>sub</c> at every platform, which cuts every account off from its owner; it must never
/// happen because a secret was mistyped or a deployment picked up the wrong file.
/// </summary>
/// <remarks>
/// The fingerprint is HMAC-SHA256 keyed with the pairwise key over a fixed label: it names the key
/// without revealing it, so it may appear in the database, in this error and in the log.
/// </remarks>
internal static class PairwiseKeyPin
{
    public const string SettingName = "Broker:PairwiseSubjectKey";

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("NetIdentity pairwise subject key fingerprint v1");

    public static string Fingerprint(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Label));

    /// <exception cref="InvalidOperationException">The key changed and the change was not accepted.</exception>
    public static async Task CheckAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<BrokerOptions>>().Value;
        var pins = services.GetRequiredService<ISettingPins>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var fingerprint = Fingerprint(BrokerOptionsValidator.Decode(options.PairwiseSubjectKey)!);

        var pinned = await pins.FindAsync(SettingName, cancellationToken);
        if (pinned is null)
        {
            if (await pins.TryPinAsync(SettingName, fingerprint, now, cancellationToken))
            {
                return;
            }

            // Another instance pinned first: compare with its key.
            pinned = await pins.FindAsync(SettingName, cancellationToken);
        }

        if (string.Equals(pinned, fingerprint, StringComparison.Ordinal))
        {
            return;
        }

        if (string.Equals(options.AcceptPairwiseSubjectKeyFingerprint, fingerprint, StringComparison.OrdinalIgnoreCase)
            && pinned is not null
            && await pins.RepinAsync(SettingName, pinned, fingerprint, now, cancellationToken))
        {
            Log.PairwiseKeyChanged(logger, pinned, fingerprint);
            return;
        }

        throw new InvalidOperationException(
            $"Broker:PairwiseSubjectKey is not the key this database was started with (fingerprint {pinned}; this key's is {fingerprint}). " +
            "A new key gives every person a new 'sub' at every platform, so the broker refuses it. If the old key is lost or compromised " +
            $"and the change is intended, start once with Broker:AcceptPairwiseSubjectKeyFingerprint={fingerprint} (docs/configuration.md); " +
            "otherwise restore the key this database was started with.");
    }
}
