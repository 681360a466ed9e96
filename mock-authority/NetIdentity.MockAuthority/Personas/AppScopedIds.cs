using System.Text;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Hosting;

namespace NetIdentity.MockAuthority.Personas;

/// <summary>
/// The 网络身份应用标识 (contract §3 <c>appScopedId</c>): "NIA" and the first 16 bytes, in
/// uppercase hex, of HMAC-SM3(secret, orgId | idType | idNumber). Stable for one person and one
/// organisation; unlinkable across organisations without the secret.
/// </summary>
internal sealed class AppScopedIds(MockAuthorityOptions options)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.AppScopedIdSecret);

    public string For(string orgId, Persona persona)
    {
        var mac = Sm3.Hmac(_secret, Encoding.UTF8.GetBytes($"{orgId}|{persona.IdType}|{persona.IdNumber}"));
        return "NIA" + Convert.ToHexString(mac, 0, 16);
    }

    /// <summary>The persona this organisation knows under <paramref name="appScopedId"/>, if any.</summary>
    public Persona? Resolve(string orgId, string appScopedId, PersonaCatalog personas) =>
        personas.All.FirstOrDefault(p => string.Equals(For(orgId, p), appScopedId, StringComparison.Ordinal));
}
