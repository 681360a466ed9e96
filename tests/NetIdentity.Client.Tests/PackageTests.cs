using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace NetIdentity.Client.Tests;

/// <summary>
/// The SDK is a NuGet package a platform installs (issue 12 §5): <c>dotnet pack</c> of the built
/// project gives a versioned package with the assembly, its XML documentation and a README.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task Pack_TheBuiltClient_GivesAVersionedPackageWithDocsAndReadme()
    {
        var root = Metadata("RepositoryRoot");
        var output = Directory.CreateTempSubdirectory("netid-pack-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "pack", Path.Combine(root, "src", "NetIdentity.Client", "NetIdentity.Client.csproj"), "--no-build", "-c", Metadata("BuildConfiguration"), "-o", output, "-nologo" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var pack = Process.Start(start)!;
            var said = await pack.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await pack.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(pack.ExitCode == 0, said + await pack.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));

            var package = Assert.Single(Directory.GetFiles(output, "NetIdentity.Client.*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("lib/net10.0/NetIdentity.Client.dll", entries);
            Assert.Contains("lib/net10.0/NetIdentity.Client.xml", entries);
            using var nuspecStream = zip.GetEntry("NetIdentity.Client.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("NetIdentity.Client", Field("id"));
            Assert.Matches(@"^\d+\.\d+\.\d+", Field("version"));
            Assert.Equal("README.md", Field("readme"));
            Assert.Contains(
                metadata.Descendants().Where(e => e.Name.LocalName == "dependency"),
                dependency => (string?)dependency.Attribute("id") == "Microsoft.AspNetCore.Authentication.OpenIdConnect");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Metadata(string key) =>
        typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
