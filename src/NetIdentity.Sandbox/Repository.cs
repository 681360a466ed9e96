using System.Diagnostics;

namespace NetIdentity.Sandbox;

/// <summary>
/// The repository the sandbox runs from, found by walking up to <c>NetIdentity.sln</c>. The
/// projects are started as separate processes by path, never referenced: nothing under
/// <c>src/</c> references <c>mock-authority/</c> (STYLE.md, "Layout").
/// </summary>
internal sealed class Repository(string root)
{
    public const string SolutionFile = "NetIdentity.sln";

    public string Root { get; } = root;

    public string MockAuthority => Path.Combine(Root, "mock-authority", "NetIdentity.MockAuthority", "NetIdentity.MockAuthority.csproj");

    public string Broker => Path.Combine(Root, "src", "NetIdentity.Broker", "NetIdentity.Broker.csproj");

    public string DemoPlatform => Path.Combine(Root, "src", "NetIdentity.DemoPlatform", "NetIdentity.DemoPlatform.csproj");

    /// <summary>The first directory holding the solution, from the working directory up, then from this program up.</summary>
    public static Repository? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return new Repository(directory.FullName);
                }
            }
        }

        return null;
    }

    /// <summary>The <c>dotnet</c> host: the one that runs the CLI, when known, else the one on the PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Builds <paramref name="project"/> (in <paramref name="configuration"/>, or the default) with the console attached, so errors show as usual.</summary>
    public static async Task<bool> BuildAsync(string project, string? configuration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Dotnet) { ArgumentList = { "build", project, "-nologo", "-v", "q" }, UseShellExecute = false };
        if (configuration is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(configuration);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start.");
        try
        {
            await build.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw;
        }

        return build.ExitCode == 0;
    }

    /// <summary>The built assembly of <paramref name="project"/> in <paramref name="configuration"/> (MSBuild's <c>TargetPath</c>), or null.</summary>
    public static async Task<string?> TargetPathAsync(string project, string? configuration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            ArgumentList = { "msbuild", project, "-getProperty:TargetPath", "-nologo" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (configuration is not null)
        {
            start.ArgumentList.Add("-p:Configuration=" + configuration);
        }

        using var msbuild = Process.Start(start) ?? throw new InvalidOperationException("dotnet msbuild did not start.");
        var output = msbuild.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = msbuild.StandardError.ReadToEndAsync(cancellationToken);
        await msbuild.WaitForExitAsync(cancellationToken);
        var path = (await output).Trim();
        _ = await errors;
        return msbuild.ExitCode == 0 && File.Exists(path) ? path : null;
    }
}
