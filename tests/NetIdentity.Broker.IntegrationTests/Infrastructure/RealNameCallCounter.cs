using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Authority;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>How many times the broker asked the authority for each step of the other way (contract §7).</summary>
internal sealed class RealNameCallCounter
{
    private int _starts;
    private int _codes;
    private int _faces;

    /// <summary><c>StartRealNameAsync</c>: the real-name check, the request that says whether a name and number match.</summary>
    public int Starts => Volatile.Read(ref _starts);

    public int Codes => Volatile.Read(ref _codes);

    public int Faces => Volatile.Read(ref _faces);

    /// <summary>
    /// Replaces the registered <see cref="INationalAuthority"/> (the typed HTTP client of
    /// AddNationalAuthority) with one that counts the real-name calls and passes everything on.
    /// </summary>
    public void Decorate(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(INationalAuthority));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(
            typeof(INationalAuthority),
            provider => new Counting(Create(original, provider), this),
            original.Lifetime));
    }

    private static INationalAuthority Create(ServiceDescriptor descriptor, IServiceProvider provider) => (INationalAuthority)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    private sealed class Counting(INationalAuthority inner, RealNameCallCounter counter) : INationalAuthority
    {
        public Task<OpenedSession> OpenSessionAsync(SessionRequest request, CancellationToken cancellationToken) =>
            inner.OpenSessionAsync(request, cancellationToken);

        public Task<CredentialPoll> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken) =>
            inner.QueryCredentialAsync(bizSeq, cancellationToken);

        public Task<SealedIdentity> QueryIdentityAsync(IdentityRequest request, CancellationToken cancellationToken) =>
            inner.QueryIdentityAsync(request, cancellationToken);

        public Task<bool> IsGuardianAsync(SubjectReference child, SubjectReference guardian, CancellationToken cancellationToken) =>
            inner.IsGuardianAsync(child, guardian, cancellationToken);

        public Task<RealNameStep> StartRealNameAsync(RealNameSubmission submission, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._starts);
            return inner.StartRealNameAsync(submission, cancellationToken);
        }

        public Task<RealNameStep> VerifyRealNameCodeAsync(string requestId, string code, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._codes);
            return inner.VerifyRealNameCodeAsync(requestId, code, cancellationToken);
        }

        public Task<RealNameStep> VerifyRealNameFaceAsync(string requestId, ReadOnlyMemory<byte> faceSample, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._faces);
            return inner.VerifyRealNameFaceAsync(requestId, faceSample, cancellationToken);
        }
    }
}
