namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>Finds the repository and the mock authority's own build output.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The mock's build output holds its own appsettings and personas; the test output folder
    /// also receives the broker's appsettings, so the mock must not read its settings from there.
    /// </summary>
    public static string MockAuthorityOutput
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            return Path.Combine(Root, "mock-authority", "NetIdentity.MockAuthority", "bin", configuration, "net10.0");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetIdentity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("NetIdentity.sln not found above " + AppContext.BaseDirectory);
    }
}
