using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Errors;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Refuses an authorization request, pushed or not, whose <c>claims</c> parameter is not what
/// OIDC Core §5.5 and OpenID Connect for Identity Assurance 1.0 §5 describe (NI2010), before the
/// person sees anything. A well-formed one is acted on only for <c>verified_claims</c>, and
/// only within what the scopes and consents release (LoginPrincipalFactory, docs/claims.md).
/// </summary>
public sealed class ValidateClaimsParameter :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>,
    IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateClaimsParameter>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateScopePermissions.Descriptor.Order - 3)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateClaimsParameter>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidatePushedScopePermissions.Descriptor.Order - 3)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ClaimsParameter.TryParse(Raw(context.Request), out _, out _))
        {
            Reject(context.Reject);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ClaimsParameter.TryParse(Raw(context.Request), out _, out _))
        {
            Reject(context.Reject);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The <c>claims</c> parameter as the platform sent it: a string in a query or form, JSON in a request object.</summary>
    public static string? Raw(OpenIddictRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetParameter(OpenIddictConstants.Parameters.Claims)?.GetRawValue() switch
        {
            null => null,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            JsonElement element => element.GetRawText(),
            JsonNode node => node.ToJsonString(),

            // Anything else (a number, a boolean) is not a JSON object: refused as malformed.
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    private static void Reject(Action<string?, string?, string?> reject)
    {
        var error = RequestErrors.ClaimsParameterMalformed;
        reject(error.OAuthError, error.OAuthDescription, null);
    }
}
