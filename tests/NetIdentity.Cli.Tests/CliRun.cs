namespace NetIdentity.Cli.Tests;

/// <summary>One in-process run of <c>netidentity</c>: exit code, standard output and standard error.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NetIdentityCommand.InvokeAsync(args, output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
