using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.Bench.Tests;

/// <summary>A login that only counts itself and takes 10 ms: the runner's loops, without a server.</summary>
internal sealed class CountingScenario : ILoginScenario
{
    private int logins;

    public int Logins => Volatile.Read(ref logins);

    public async Task RunAsync(LoginRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref logins);
        await Task.Delay(10, cancellationToken);
    }
}
