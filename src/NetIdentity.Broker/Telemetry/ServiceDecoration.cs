namespace NetIdentity.Broker.Telemetry;

/// <summary>Wraps an already-registered service in a decorator, keeping its lifetime.</summary>
internal static class ServiceDecoration
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(TService), provider => decorate(Inner<TService>(registered, provider), provider), registered.Lifetime));
        return services;
    }

    private static TService Inner<TService>(ServiceDescriptor registered, IServiceProvider provider)
        where TService : class =>
        (TService)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
}
