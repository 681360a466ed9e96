using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Faults;

/// <summary>Injected faults for every <c>/v1</c> endpoint: an added delay, then an outage.</summary>
internal sealed record FaultSettings(bool Outage, int DelayMs)
{
    public static readonly FaultSettings None = new(false, 0);
}

/// <summary>The faults in force, replaced as a whole so a request sees one consistent setting.</summary>
internal sealed class FaultState
{
    private FaultSettings _current = FaultSettings.None;

    public FaultSettings Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}

/// <summary>
/// Applies <see cref="FaultState"/> before anything else: a remote dependency that is down is
/// down for every request, signed or not (contract §8.5: callers must cope).
/// </summary>
internal sealed class FaultFilter(FaultState faults, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var current = faults.Current;
        if (current.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(current.DelayMs), time, context.HttpContext.RequestAborted);
        }

        return current.Outage ? AuthorityErrors.Unavailable.ToResult() : await next(context);
    }
}
