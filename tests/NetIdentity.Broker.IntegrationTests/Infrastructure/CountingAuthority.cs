using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Authority;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// Wraps the broker's real authority client and counts the plaintext identity requests it makes
/// (contract §4): the broker must ask only after consent, and once per login.
/// </summary>
internal sealed class CountingAuthority(INationalAuthority inner, CountingAuthority.Counter counter) : INationalAuthority
{
    public Task<OpenedSession> OpenSessionAsync(SessionRequest request, CancellationToken cancellationToken) =>
        inner.OpenSessionAsync(request, cancellationToken);

    public Task<CredentialPoll> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken) =>
        inner.QueryCredentialAsync(bizSeq, cancellationToken);

    public Task<SealedIdentity> QueryIdentityAsync(IdentityRequest request, CancellationToken cancellationToken)
    {
        counter.Add(request);
        return inner.QueryIdentityAsync(request, cancellationToken);
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
    /// Replaces the registered <see cref="INationalAuthority"/> with a <see cref="CountingAuthority"/>
    /// around it, reporting to <paramref name="counter"/>.
    /// </summary>
    public static void Decorate(IServiceCollection services, Counter counter)
    {
        var original = services.Last(d => d.ServiceType == typeof(INationalAuthority));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(
            typeof(INationalAuthority),
            provider => new CountingAuthority(Create(original, provider), counter),
            original.Lifetime));
    }

    private static INationalAuthority Create(ServiceDescriptor descriptor, IServiceProvider provider) => (INationalAuthority)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    /// <summary>The identity requests made, in order (the bizSeq, the consent id and the fields asked for).</summary>
    internal sealed class Counter
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<IdentityRequest> _requests = new();

        public IReadOnlyList<IdentityRequest> IdentityRequests => [.. _requests];

        public void Add(IdentityRequest request) => _requests.Enqueue(request);
    }
}
