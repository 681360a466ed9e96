using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Broker.Keys;

/// <summary>The key that signs now, for what the broker signs outside OpenIddict: receipts and events.</summary>
public interface IActiveSigningKey
{
    /// <summary>The credentials of the signing key the database says is active at this moment.</summary>
    SigningCredentials ActiveSigning { get; }
}
