namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>One kind of complete login; each call is one login with a fresh browser.</summary>
internal interface ILoginScenario
{
    Task RunAsync(LoginRecord record, CancellationToken cancellationToken);
}
