using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Authority;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// Wraps the broker's real authority client and rewrites each credential (and, when asked, each
/// plaintext identity answer) it returns. The real client has already verified the signature, so
/// this stands for a correctly signed answer that still must not be accepted (authority-contract
/// §8, points 2–4 and 6).
/// </summary>
internal sealed class TamperingAuthority(
    INationalAuthority inner, Func<AuthorityCredential, AuthorityCredential> rewrite, Func<SealedIdentity, SealedIdentity>? rewriteIdentity = null) : INationalAuthority
{
    public Task<OpenedSession> OpenSessionAsync(SessionRequest request, CancellationToken cancellationToken) =>
        inner.OpenSessionAsync(request, cancellationToken);

    public async Task<CredentialPoll> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken)
    {
        var poll = await inner.QueryCredentialAsync(bizSeq, cancellationToken);
        return poll.Credential is null ? poll : poll with { Credential = rewrite(poll.Credential) };
    }

    public async Task<SealedIdentity> QueryIdentityAsync(IdentityRequest request, CancellationToken cancellationToken)
    {
        var identity = await inner.QueryIdentityAsync(request, cancellationToken);
        return rewriteIdentity is null ? identity : rewriteIdentity(identity);
    }

    public Task<bool> IsGuardianAsync(SubjectReference child, SubjectReference guardian, CancellationToken cancellationToken) =>
        inner.IsGuardianAsync(child, guardian, cancellationToken);

    public Task<RealNameStep> StartRealNameAsync(RealNameSubmission submission, CancellationToken cancellationToken) =>
        inner.StartRealNameAsync(submission, cancellationToken);

    public Task<RealNameStep> VerifyRealNameCodeAsync(string requestId, string code, CancellationToken cancellationToken) =>
        inner.VerifyRealNameCodeAsync(requestId, code, cancellationToken);

    public Task<RealNameStep> VerifyRealNameFaceAsync(string requestId, ReadOnlyMemory<byte> faceSample, CancellationToken cancellationToken) =>
        inner.VerifyRealNameFaceAsync(requestId, faceSample, cancellationToken);

    /// <summary>
    /// Replaces the registered <see cref="INationalAuthority"/> (the typed HTTP client of
    /// AddNationalAuthority) with a <see cref="TamperingAuthority"/> around it.
    /// </summary>
    public static void Decorate(IServiceCollection services, Func<AuthorityCredential, AuthorityCredential> rewrite) =>
        Decorate(services, rewrite, rewriteIdentity: null);

    /// <summary>As <see cref="Decorate(IServiceCollection, Func{AuthorityCredential, AuthorityCredential})"/>, rewriting identity answers too.</summary>
    public static void Decorate(IServiceCollection services, Func<AuthorityCredential, AuthorityCredential> rewrite, Func<SealedIdentity, SealedIdentity>? rewriteIdentity)
    {
        var original = services.Last(d => d.ServiceType == typeof(INationalAuthority));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(
            typeof(INationalAuthority),
            provider => new TamperingAuthority(Create(original, provider), rewrite, rewriteIdentity),
            original.Lifetime));
    }

    private static INationalAuthority Create(ServiceDescriptor descriptor, IServiceProvider provider) => (INationalAuthority)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
