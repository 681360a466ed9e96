using NetIdentity.Core.Disclosure;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The OP metadata of OpenID Connect for Identity Assurance 1.0 (its §8, "OP Metadata") in the
/// discovery document, and <c>claims_parameter_supported</c> (OIDC Discovery §3): what
/// <c>verified_claims</c> may hold is exactly what <see cref="VerifiedClaims"/> releases.
/// </summary>
public sealed class AttachIdentityAssuranceMetadata :
    IOpenIddictServerHandler<HandleConfigurationRequestContext>,
    IOpenIddictServerHandler<ApplyConfigurationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachIdentityAssuranceMetadata>()
            .SetOrder(int.MaxValue - 90_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>OpenIddict writes <c>claims_parameter_supported: false</c> itself, after the metadata above; this corrects it before the response is sent.</summary>
    public static OpenIddictServerHandlerDescriptor ResponseDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyConfigurationResponseContext>()
            .UseSingletonHandler<AttachIdentityAssuranceMetadata>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata["verified_claims_supported"] = true;
        context.Metadata["trust_frameworks_supported"] = new OpenIddictParameter([.. TrustFrameworks.All]);
        context.Metadata["evidence_supported"] = new OpenIddictParameter([VerifiedClaims.ElectronicRecord]);
        context.Metadata["claims_in_verified_claims_supported"] = new OpenIddictParameter([.. VerifiedClaims.Claimable]);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ApplyConfigurationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Error is null)
        {
            context.Response["claims_parameter_supported"] = true;
        }

        return ValueTask.CompletedTask;
    }
}
