using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace NetIdentity.Client;

/// <summary>
/// Client authentication by <c>private_key_jwt</c> and DPoP on ASP.NET Core's handler: a client
/// assertion instead of the secret at the pushed authorization request and at the token request
/// (RFC 7523 §2.2, RFC 9126 §2), <c>dpop_jkt</c> in the pushed request so the code is bound to the
/// DPoP key from the start (RFC 9449 §10), and a refusal of a token response that is not
/// DPoP-bound when DPoP was asked for (fail closed).
/// </summary>
internal static class NetIdentityFapiEvents
{
    public const string DpopJktParameter = "dpop_jkt";

    public static void Attach(OpenIdConnectOptions oidc, ClientAssertions? assertions, DpopProofs? dpop)
    {
        var events = oidc.Events;
        var push = events.OnPushAuthorization;
        events.OnPushAuthorization = async context =>
        {
            if (assertions is not null)
            {
                var issuer = await IssuerAsync(context.Options, context.HttpContext.RequestAborted);
                Authenticate(context.ProtocolMessage, assertions.Create(issuer));
                context.HandleClientAuthentication();
            }

            if (dpop is not null)
            {
                context.ProtocolMessage.SetParameter(DpopJktParameter, dpop.Thumbprint);
            }

            await push(context);
        };

        var code = events.OnAuthorizationCodeReceived;
        events.OnAuthorizationCodeReceived = async context =>
        {
            if (assertions is not null && context.TokenEndpointRequest is { } request)
            {
                var issuer = await IssuerAsync(context.Options, context.HttpContext.RequestAborted);
                Authenticate(request, assertions.Create(issuer));
            }

            await code(context);
        };

        if (dpop is null)
        {
            return;
        }

        var tokens = events.OnTokenResponseReceived;
        events.OnTokenResponseReceived = async context =>
        {
            var type = context.TokenEndpointResponse.TokenType;
            if (!string.Equals(type, DpopHandler.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                var logger = context.HttpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(NetIdentityEvents).FullName!)
                    ?? NullLogger.Instance;
                Log.TokenNotDpopBound(logger, context.Scheme.Name, type ?? "(none)");
                context.Fail($"The broker answered token_type \"{type}\" instead of DPoP: the tokens are not bound to this platform's DPoP key. " +
                    "Check that the broker supports DPoP (dpop_signing_alg_values_supported in its discovery document).");
                return;
            }

            await tokens(context);
        };
    }

    /// <summary>Replaces the client secret with a client assertion (RFC 7523 §2.2).</summary>
    private static void Authenticate(OpenIdConnectMessage message, string assertion)
    {
        message.ClientSecret = null;
        message.RemoveParameter(OpenIdConnectParameterNames.ClientSecret);
        message.SetParameter(OpenIdConnectParameterNames.ClientAssertionType, ClientAssertions.JwtBearerType);
        message.SetParameter(OpenIdConnectParameterNames.ClientAssertion, assertion);
    }

    /// <summary>The broker's issuer, the assertion's only audience (FAPI 2.0 §5.3.2.1).</summary>
    private static async Task<string> IssuerAsync(OpenIdConnectOptions options, CancellationToken cancellationToken)
    {
        var configuration = options.Configuration
            ?? await (options.ConfigurationManager ?? throw new InvalidOperationException("The OpenID Connect handler has no configuration manager."))
                .GetConfigurationAsync(cancellationToken);
        return configuration.Issuer is { Length: > 0 } issuer
            ? issuer
            : throw new InvalidOperationException("The broker's discovery document names no issuer; a client assertion needs it as its audience.");
    }
}
