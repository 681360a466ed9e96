using System.Reflection;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>Paths in the repository, recorded at build time (see the csproj).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("BuildConfiguration");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The mock's own build output (with its runtimeconfig and appsettings), for running it as a process.</summary>
    public static string MockAuthorityDll => Path("mock-authority", "NetIdentity.MockAuthority", "bin", Configuration, "net10.0", "NetIdentity.MockAuthority.dll");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
