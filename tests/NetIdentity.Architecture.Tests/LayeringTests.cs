using NetArchTest.Rules;

namespace NetIdentity.Architecture.Tests;

/// <summary>
/// The rules of the layout (STYLE.md, "Layout that shows the architecture"; issue 8
/// acceptance): NetIdentity.Core (the rules) and NetIdentity.Cryptography hold no ASP.NET Core
/// and no EF Core, so they stay testable without a host or a database; nothing under src/
/// references the mock authority, so no product build can contain the test double. Each rule is
/// checked in the built assemblies (types and assembly references) and in the project files.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Frameworks = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore"];

    private const string Mock = "NetIdentity.MockAuthority";

    public static TheoryData<string> PureProjects => ["NetIdentity.Core", "NetIdentity.Cryptography"];

    public static TheoryData<string> SrcProjectFiles => [.. SrcProjects.ProjectFiles];

    [Theory]
    [MemberData(nameof(PureProjects))]
    public void Types_OfAPureProject_DependOnNeitherAspNetCoreNorEfCore(string assemblyName)
    {
        var result = Types.InAssembly(SrcProjects.Load(assemblyName)).ShouldNot().HaveDependencyOnAny(Frameworks).GetResult();

        Assert.True(result.IsSuccessful, $"{assemblyName} types depending on ASP.NET Core or EF Core: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(PureProjects))]
    public void Assembly_OfAPureProject_ReferencesNeitherAspNetCoreNorEfCore(string assemblyName)
    {
        var references = SrcProjects.Load(assemblyName).GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => Frameworks.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(PureProjects))]
    public void ProjectFile_OfAPureProject_BringsInNeitherAspNetCoreNorEfCore(string assemblyName)
    {
        var project = $"src/{assemblyName}/{assemblyName}.csproj";

        var brought = SrcProjects.Items(project, "PackageReference").Concat(SrcProjects.Items(project, "FrameworkReference"));

        Assert.DoesNotContain(brought, name => Frameworks.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
        Assert.All(SrcProjects.Items(project, "ProjectReference"), reference =>
            Assert.Contains(Path.GetFileNameWithoutExtension(reference), (IEnumerable<string>)["NetIdentity.Core", "NetIdentity.Cryptography"]));
    }

    [Theory]
    [MemberData(nameof(SrcProjectFiles))]
    public void ProjectFile_UnderSrc_DoesNotReferenceTheMock(string projectFile)
    {
        var references = SrcProjects.Items(projectFile, "ProjectReference").Select(r => SrcProjects.Resolve(projectFile, r));

        Assert.All(references, reference =>
        {
            Assert.False(reference.StartsWith("mock-authority/", StringComparison.Ordinal), $"{projectFile} references {reference}.");
            Assert.DoesNotContain(Mock, reference, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(SrcProjectFiles))]
    public void Assembly_UnderSrc_DoesNotReferenceTheMock(string projectFile)
    {
        var assembly = SrcProjects.Load(SrcProjects.AssemblyNameOf(projectFile));

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name);
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOn(Mock).GetResult();

        Assert.DoesNotContain(Mock, references);
        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} types depending on the mock: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
