namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// The cluster tests run one after the other: each starts five processes (and the fault tests a
/// PostgreSQL server), and the fault tests measure how fast an answer comes, which a second
/// cluster starting on the same cores would blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Clusters
{
    public const string Name = "Clusters";
}
