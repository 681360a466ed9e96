using System.Globalization;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Keys;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Tells platforms how long they may cache the JWKS (<c>Broker:Keys:JwksMaxAge</c>): the bound
/// the rotation relies on. A key is published <c>Broker:Keys:PublishAhead</c> before it signs,
/// which the options validator keeps longer than this, so no platform meets a token signed with
/// a key its cached JWKS lacks (except after a compromise, docs/operations.md).
/// </summary>
public sealed class JwksCacheControl(IOptions<KeyOptions> options) : IOpenIddictServerHandler<ApplyJsonWebKeySetResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyJsonWebKeySetResponseContext>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<JwksCacheControl>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyJsonWebKeySetResponseContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyJsonWebKeySetResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.Error) && context.Transaction.GetHttpRequest() is { } request)
        {
            var seconds = (long)options.Value.JwksMaxAge.TotalSeconds;
            request.HttpContext.Response.Headers.CacheControl = "public, max-age=" + seconds.ToString(CultureInfo.InvariantCulture);
        }

        return ValueTask.CompletedTask;
    }
}
