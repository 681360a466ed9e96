using System.Reflection;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository is, how it was built, and whether this run is CI.</summary>
internal static class TestEnvironment
{
    private static readonly Assembly Self = typeof(TestEnvironment).Assembly;

    /// <summary>The repository's root, fixed at build time (AssemblyMetadata in the csproj).</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The configuration this project was built in; the sandbox and the services were built in the same one.</summary>
    public static string BuildConfiguration { get; } = Metadata("BuildConfiguration");

    /// <summary>Under <c>CI=true</c> nothing may be skipped: a missing tool is a failure.</summary>
    public static bool IsCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RepositoryPath(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>Skips the test with <paramref name="reason"/>, or under CI fails it.</summary>
    public static void SkipOrFail(string reason)
    {
        if (IsCi)
        {
            Assert.Fail(reason + " CI=true, so this fails instead of skipping.");
        }

        Assert.Skip(reason);
    }

    private static string Metadata(string key) =>
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The assembly metadata '{key}' is missing; see NetIdentity.EndToEnd.Tests.csproj.");
}
