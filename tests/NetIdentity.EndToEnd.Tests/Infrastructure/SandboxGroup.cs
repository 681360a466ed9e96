namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every end-to-end test shares one sandbox (starting it takes most of the run's time) and one
/// browser; the tests of the collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SandboxGroup : ICollectionFixture<SandboxFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Sandbox";
}
