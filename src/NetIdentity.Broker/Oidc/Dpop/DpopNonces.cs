using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// Server-provided DPoP nonces (RFC 9449 §8, §9): a nonce is the moment it was issued, protected
/// with the Data Protection key ring every instance shares, so any instance can check a nonce
/// another one issued without storing it. A proof must carry a nonce issued within
/// <see cref="Lifetime"/>: a proof made in advance by someone who briefly held the key goes stale.
/// </summary>
public sealed class DpopNonces
{
    /// <summary>How long a nonce is accepted after it was issued.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;

    public DpopNonces(IDataProtectionProvider dataProtection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _protector = dataProtection.CreateProtector("NetIdentity.Broker.DPoP.Nonce.v1");
        _time = time;
    }

    /// <summary>A fresh nonce, for the <c>DPoP-Nonce</c> response header.</summary>
    public string Issue()
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, _time.GetUtcNow().ToUnixTimeSeconds());
        return Base64UrlEncoder.Encode(_protector.Protect(payload));
    }

    /// <summary>Whether <paramref name="nonce"/> was issued by a broker instance within <see cref="Lifetime"/>.</summary>
    public bool IsFresh(string? nonce)
    {
        if (string.IsNullOrEmpty(nonce) || nonce.Length > 512)
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(Base64UrlEncoder.DecodeBytes(nonce));
            if (payload.Length != 8)
            {
                return false;
            }

            var issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload));
            var now = _time.GetUtcNow();
            return issued <= now + DpopProofValidator.FutureSkew && now - issued <= Lifetime;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }
}
