using System.Reflection;
using System.Xml.Linq;

namespace NetIdentity.Architecture.Tests;

/// <summary>The projects under src/, read from the repository, and their built assemblies.</summary>
internal static class SrcProjects
{
    public static readonly string Root = RepositoryRoot();

    /// <summary>Every .csproj under src/ (path relative to the repository root).</summary>
    public static IReadOnlyList<string> ProjectFiles =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Root, p))
            .Order(StringComparer.Ordinal)];

    /// <summary>The project's <c>AssemblyName</c> (the CLI's is <c>netidentity</c>), else its file name.</summary>
    public static string AssemblyNameOf(string projectFile) =>
        XDocument.Load(Path.Combine(Root, projectFile)).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault()
            ?? Path.GetFileNameWithoutExtension(projectFile);

    /// <summary>The built assembly of a src/ project; this test project references each one.</summary>
    public static Assembly Load(string assemblyName) => Assembly.Load(new AssemblyName(assemblyName));

    /// <summary>The <c>Include</c> of each item of <paramref name="itemType"/> in the project file.</summary>
    public static IReadOnlyList<string> Items(string projectFile, string itemType) =>
        [.. XDocument.Load(Path.Combine(Root, projectFile)).Descendants(itemType)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()];

    /// <summary>A ProjectReference resolved to a path relative to the repository root, with forward slashes.</summary>
    public static string Resolve(string projectFile, string reference) =>
        Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(projectFile)!, reference.Replace('\\', '/'))))
            .Replace('\\', '/');

    private static string RepositoryRoot()
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
