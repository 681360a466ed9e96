using Microsoft.Extensions.DependencyInjection.Extensions;
using NetIdentity.Broker.Oidc.Dpop;
using NetIdentity.Broker.Oidc.Fapi;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The FAPI 2.0 Security Profile and DPoP (issue 9 §6) as OpenIddict handlers: OpenIddict 7.x has
/// no DPoP and leaves client assertion replay, algorithms and audience open. Each rule is one
/// small handler with an order; the lists below are the table of contents.
/// </summary>
public static class FapiRegistration
{
    public static OpenIddictServerBuilder AddBrokerFapi(this OpenIddictServerBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddEventHandler(ClientAssertionPolicy.Descriptor);
        options.AddEventHandler(ConsumeClientAssertion.Descriptor);
        options.AddEventHandler(PushedRequestUse.Descriptor);
        options.AddEventHandler(AttachPushedRequestExpiry.Descriptor);
        options.AddEventHandler(AccessTokenAudience.Descriptor);
        foreach (var handler in DpopParHandlers.DefaultHandlers.Concat(DpopTokenHandlers.DefaultHandlers).Concat(DpopUserInfoHandlers.DefaultHandlers))
        {
            options.AddEventHandler(handler);
        }

        options.Services.TryAddSingleton<DpopNonces>();
        options.Services.TryAddSingleton<DpopProofValidator>();
        return options;
    }
}
