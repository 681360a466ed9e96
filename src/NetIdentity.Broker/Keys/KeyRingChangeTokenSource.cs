using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenIddict.Server;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// Tells <see cref="IOptionsMonitor{TOptions}"/> that OpenIddict's server options are stale when
/// the published keys change. OpenIddict reads <c>IOptionsMonitor&lt;OpenIddictServerOptions&gt;.CurrentValue</c>
/// once per request (OpenIddictServerFactory.CreateTransactionAsync), so the next request after
/// the change sees options rebuilt with the new key set: the JWKS, the keys tokens validate
/// against, and the keys tokens decrypt with.
/// </summary>
internal sealed class KeyRingChangeTokenSource(KeyRing ring) : IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => ring.GetChangeToken();
}
