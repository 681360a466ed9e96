using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The keys of shared counters: HMAC-SHA256 of what is counted (a client address, a login id, a
/// person key) under a key derived from the pairwise subject key (HKDF, RFC 5869), which every
/// instance has. The counters table so holds no address and nothing a copy of the database could
/// be matched against without the secret (PRODUCT rule 7).
/// </summary>
public sealed class SharedCounterKeys
{
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("NetIdentity shared counter keys v1");

    private readonly byte[] _key;

    public SharedCounterKeys(IOptions<BrokerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = BrokerOptionsValidator.Decode(options.Value.PairwiseSubjectKey)
            ?? throw new InvalidOperationException("Broker:PairwiseSubjectKey is not base64.");
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Info);
    }

    /// <param name="purpose">What is counted, e.g. <c>session-address</c>; counters of different purposes never share a key.</param>
    /// <param name="value">The thing counted.</param>
    public string For(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + value)));
}
